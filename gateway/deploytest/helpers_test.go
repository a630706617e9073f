package deploytest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// requireTool returns the path of an outside program. It skips the test when the program is
// missing, or fails it when CHECKIN_REQUIRE_ALL=1 (as in CI).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s is not installed: %v", name, err)
	}
	return path
}

// missing skips the test, or fails it when CHECKIN_REQUIRE_ALL=1.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CHECKIN_REQUIRE_ALL") == "1" {
		t.Fatalf(format+" (required: CHECKIN_REQUIRE_ALL=1)", args...)
	}
	t.Skipf(format, args...)
}

// repoRoot is the top of the repository, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds checkin-gateway and check_checkin once per test run and returns their folder.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "checkin-deploytest-bin")
		if buildErr != nil {
			return
		}
		root := repoRoot(t)
		for _, b := range []struct{ dir, name string }{{"gateway", "checkin-gateway"}, {"plugin", "check_checkin"}} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, b.name), ".")
			cmd.Dir = filepath.Join(root, b.dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", b.dir, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// testServices is the services.json the client tests check in to.
const testServices = `{
  "backup": {"token": "tok\"en\\with quotes", "timeout": "1d"},
  "laptop": {"token": "laptop-token", "timeout": "1d"}
}`

// gateway is a running checkin-gateway process.
type gateway struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	done   chan error
}

// startGateway runs the real binary on a free 127.0.0.1 port with services (a services.json
// text) and extra flags, and waits until /alive answers. client is used to poll (for TLS).
func startGateway(t *testing.T, services string, client *http.Client, extra ...string) *gateway {
	t.Helper()
	dir := t.TempDir()
	scheme := "http"
	if client != nil && client.Transport != nil {
		scheme = "https"
	} else {
		client = http.DefaultClient
	}
	g := &gateway{stderr: &syncBuffer{}, done: make(chan error, 1)}
	addr := freeAddr(t)
	g.url = scheme + "://" + addr
	args := append([]string{"serve", "--listen", addr,
		"--config", writeFile(t, dir, "services.json", services),
		"--db", filepath.Join(dir, "checkins.db")}, extra...)
	g.cmd = exec.Command(filepath.Join(binaries(t), "checkin-gateway"), args...)
	g.cmd.Stderr = g.stderr
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { g.done <- g.cmd.Wait() }()
	t.Cleanup(func() {
		_ = g.cmd.Process.Kill()
		<-g.done
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(g.url + "/alive"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				return g
			}
		}
		select {
		case err := <-g.done:
			t.Fatalf("gateway exited early: %v\n%s", err, g.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("gateway did not answer /alive within 10s\n%s", g.stderr)
	return nil
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
