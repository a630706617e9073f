package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// buildBinaries puts the gateway (from ../gateway) and this plugin, each built once per test
// binary, at gatewayPath and pluginPath. Tests that run them are end-to-end tests, skipped
// under -short.
func buildBinaries(t *testing.T, gatewayPath, pluginPath string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test (runs the gateway and the plugin): skipped under -short")
	}
	for _, b := range []struct{ pkg, path string }{{"../gateway", gatewayPath}, {".", pluginPath}} {
		if err := os.Symlink(checkintest.Build(t, b.pkg, filepath.Base(b.path)), b.path); err != nil {
			t.Fatal(err)
		}
	}
}

// logOutput is a daemon's output file, read for failure messages.
type logOutput struct{ path string }

func (l *logOutput) String() string {
	b, err := os.ReadFile(l.path)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// daemon is a started program that the test stops with SIGTERM (or kills at cleanup). It runs
// in its own process group, so that children it forks (icinga2 does) are stopped with it.
type daemon struct {
	name   string
	cmd    *exec.Cmd
	output *logOutput
	done   chan struct{}
}

func startDaemon(t *testing.T, name string, cmd *exec.Cmd) *daemon {
	t.Helper()
	d := &daemon{name: name, cmd: cmd, output: &logOutput{}, done: make(chan struct{})}
	// Output goes through a file, not a pipe: a pipe held open by a forked child would keep
	// cmd.Wait from returning.
	logFile, err := os.Create(filepath.Join(t.TempDir(), name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(d.done)
	}()
	d.output.path = logFile.Name()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group this test started
		<-d.done
	})
	return d
}

// stop sends SIGTERM and waits for the exit.
func (d *daemon) stop(t *testing.T) {
	t.Helper()
	_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not stop within 10s of SIGTERM\n%s", d.name, d.output)
	}
}

func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// startGateway runs the gateway binary on port with the given services.json and waits for
// /alive to answer 204.
func startGateway(t *testing.T, binary string, port int, servicesJSON string) *daemon {
	t.Helper()
	dir := t.TempDir()
	config := writeFile(t, "services.json", servicesJSON)
	cmd := exec.Command(binary, "--listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--config", config, "--db", filepath.Join(dir, "checkins.db"))
	d := startDaemon(t, "gateway", cmd)
	alive := fmt.Sprintf("http://127.0.0.1:%d/alive", port)
	waitFor(t, 10*time.Second, "the gateway's /alive", d, func() bool {
		resp, err := http.Get(alive)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusNoContent
	})
	return d
}

// waitFor polls ready until it is true; it fails when d exits first or time runs out.
func waitFor(t *testing.T, limit time.Duration, what string, d *daemon, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ready() {
		if d != nil && d.exited() {
			t.Fatalf("%s exited while waiting for %s:\n%s", d.name, what, d.output)
		}
		if time.Now().After(deadline) {
			if d != nil {
				t.Fatalf("no %s within %v; %s said:\n%s", what, limit, d.name, d.output)
			}
			t.Fatalf("no %s within %v", what, limit)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// checkIn posts one check-in to the gateway and expects 204.
func checkIn(t *testing.T, port int, service, token, status, info string) {
	t.Helper()
	body := fmt.Sprintf(`{"service": %q, "token": %q, "status": %q, "info": %q}`, service, token, status, info)
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/api/v1/checkins", port), "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("check-in for %s: HTTP %d; want 204", service, resp.StatusCode)
	}
}
