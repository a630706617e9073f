package gatewaytest

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// Options say how to start the gateway. The zero value is not enough: give Services or Config.
type Options struct {
	Command  string       // subcommand before the flags, such as "serve"; empty runs the default
	Services string       // services.json text, written to a file in a temporary folder
	Config   string       // path of an existing services.json; wins over Services
	DB       string       // database file; a new one in a temporary folder when empty
	Args     []string     // more flags, after --listen, --config and --db
	Env      []string     // added to the test's environment
	Client   *http.Client // polls /alive; one with a Transport means HTTPS
}

// Gateway is a running checkin-gateway process. It is killed when the test ends.
type Gateway struct {
	Addr   string                  // host:port it listens on
	URL    string                  // scheme://host:port, no trailing slash
	Stderr *checkintest.SyncBuffer // everything it logged so far

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

// Start runs the binary on a free 127.0.0.1 port and waits until /alive answers 204.
func Start(t testing.TB, o Options) *Gateway {
	t.Helper()
	client, scheme := http.DefaultClient, "http"
	if o.Client != nil && o.Client.Transport != nil {
		client, scheme = o.Client, "https"
	}
	config := o.Config
	if config == "" {
		config = filepath.Join(t.TempDir(), "services.json")
		if err := os.WriteFile(config, []byte(o.Services), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db := o.DB
	if db == "" {
		db = filepath.Join(t.TempDir(), "checkins.db")
	}
	g := &Gateway{Addr: checkintest.FreeAddr(t), Stderr: &checkintest.SyncBuffer{}, done: make(chan struct{})}
	g.URL = scheme + "://" + g.Addr
	var args []string
	if o.Command != "" {
		args = append(args, o.Command)
	}
	args = append(args, "--listen", g.Addr, "--config", config, "--db", db)
	g.cmd = exec.Command(Binary(t), append(args, o.Args...)...)
	if o.Env != nil {
		g.cmd.Env = append(os.Environ(), o.Env...)
	}
	g.cmd.Stderr = g.Stderr
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = g.cmd.Wait()
		close(g.done)
	}()
	t.Cleanup(func() {
		_ = g.cmd.Process.Kill()
		<-g.done
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(g.URL + "/alive"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				return g
			}
		}
		select {
		case <-g.done:
			t.Fatalf("gateway exited early: %v\n%s", g.cmd.ProcessState, g.Stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("gateway did not answer /alive within 10s\n%s", g.Stderr)
	return nil
}

// Signal sends sig to the gateway.
func (g *Gateway) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := g.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// Wait waits up to limit for the gateway to exit and returns its exit code (-1 when a signal
// ended it).
func (g *Gateway) Wait(t testing.TB, limit time.Duration) int {
	t.Helper()
	select {
	case <-g.done:
	case <-time.After(limit):
		t.Fatalf("gateway did not exit within %v\n%s", limit, g.Stderr)
	}
	return g.cmd.ProcessState.ExitCode()
}

// Stop sends sig and waits up to 15s for the exit, returning the exit code.
func (g *Gateway) Stop(t testing.TB, sig syscall.Signal) int {
	t.Helper()
	g.Signal(t, sig)
	return g.Wait(t, 15*time.Second)
}

// RSSBytes is the process's resident memory now, from /proc.
func (g *Gateway) RSSBytes(t testing.TB) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", g.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmRSS %q: %v", rest, err)
			}
			return kib << 10
		}
	}
	t.Fatal("no VmRSS in /proc/PID/status")
	return 0
}

// StopWant sends sig, waits up to 15s for the exit and fails the test, showing everything the
// gateway logged, when its exit code is not want.
func (g *Gateway) StopWant(t testing.TB, sig syscall.Signal, want int) {
	t.Helper()
	checkintest.WantExit(t, "checkin-gateway after "+sig.String(), g.Stop(t, sig), want, g.Stderr.String())
}
