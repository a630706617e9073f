package deploytest

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// crossCompilers are the C compilers `make dist` uses for each architecture but the host's.
var crossCompilers = map[string]string{"amd64": "x86_64-linux-gnu-gcc", "arm64": "aarch64-linux-gnu-gcc"}

// releaseBuild is what one `make dist` run made: the static binaries of each architecture and
// one tarball each. The cgo SQLite build takes about a minute per architecture, so every test
// of release builds shares this one.
type releaseBuild struct {
	dir   string   // DISTDIR
	archs []string // the host's architecture, and the other when its cross compiler is installed
}

var (
	releaseOnce sync.Once
	release     releaseBuild
	releaseErr  error
)

// TestMain removes the release build and the PostgreSQL cluster (package pgtest) after the
// tests.
func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if release.dir != "" {
		_ = os.RemoveAll(release.dir)
	}
	os.Exit(code)
}

// dist runs `make dist` once per test run, for every architecture this machine can build.
func dist(t *testing.T) releaseBuild {
	t.Helper()
	skipShort(t)
	checkintest.RequireTool(t, "make")
	releaseOnce.Do(func() {
		dir, err := os.MkdirTemp("", "checkin-deploytest-dist")
		if err != nil {
			releaseErr = err
			return
		}
		release = releaseBuild{dir: dir}
		args := []string{"--no-print-directory", "dist", "DISTDIR=" + dir, "VERSION=" + testVersion}
		for _, arch := range []string{"amd64", "arm64"} {
			cc := crossCompilers[arch]
			if arch == runtime.GOARCH {
				cc = "gcc"
			} else if _, err := exec.LookPath(cc); err != nil {
				continue
			}
			release.archs = append(release.archs, arch)
			args = append(args, "CC_"+arch+"="+cc)
		}
		cmd := exec.Command("make", append(args, "ARCHS="+strings.Join(release.archs, " "))...)
		cmd.Dir = filepath.Join("..", "..")
		started := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			releaseErr = fmt.Errorf("make dist: %v\n%s", err, out)
		}
		fmt.Fprintf(os.Stderr, "deploytest: make dist for %s took %v\n", strings.Join(release.archs, ", "), time.Since(started).Round(time.Second))
	})
	if releaseErr != nil {
		t.Fatal(releaseErr)
	}
	return release
}

// binary is the path of a static binary (checkin-gateway or check_checkin) for arch, or a
// skip (a failure with CHECKIN_REQUIRE_ALL=1) when this machine cannot build for arch.
func (r releaseBuild) binary(t *testing.T, arch, name string) string {
	t.Helper()
	for _, a := range r.archs {
		if a == arch {
			return filepath.Join(r.dir, "static", "linux-"+arch, name)
		}
	}
	checkintest.SkipOrFail(t, "no %s build: the cross compiler %s is not installed", arch, crossCompilers[arch])
	return ""
}

// tarball is the path of the `make dist` tarball for arch.
func (r releaseBuild) tarball(arch string) string {
	return filepath.Join(r.dir, "checkin-gateway-"+testVersion+"-linux-"+arch+".tar.gz")
}

// process is a program started by a test, killed when the test ends.
type process struct {
	cmd    *exec.Cmd
	out    *checkintest.SyncBuffer
	done   chan struct{}
	exited error
}

// startAndWaitAlive starts cmd, a gateway listening on addr, and waits up to limit for /alive.
func startAndWaitAlive(t *testing.T, cmd *exec.Cmd, addr string, limit time.Duration) *process {
	t.Helper()
	p := &process{cmd: cmd, out: &checkintest.SyncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	go func() {
		p.exited = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/alive"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited early: %v\n%s", cmd.Path, p.exited, p.out)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("%s did not answer /alive within %v\n%s", cmd.Path, limit, p.out)
	return nil
}

// stop sends SIGTERM and wants a clean exit within limit.
func (p *process) stop(t *testing.T, limit time.Duration) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(limit):
		t.Fatalf("%s did not stop within %v\n%s", p.cmd.Path, limit, p.out)
	}
	if p.exited != nil {
		t.Errorf("%s exited with %v\n%s", p.cmd.Path, p.exited, p.out)
	}
}

// postCheckin sends one check-in and wants 204.
func postCheckin(t *testing.T, addr, body string) {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/api/v1/checkins", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("check-in %s: HTTP %d; want 204", body, resp.StatusCode)
	}
}

// gatewayAt describes a gateway this test started itself on addr, for lastCheckin.
func gatewayAt(addr string) *gatewaytest.Gateway {
	return &gatewaytest.Gateway{Addr: addr, URL: "http://" + addr}
}
