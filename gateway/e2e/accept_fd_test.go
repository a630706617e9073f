package e2e

import (
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A gateway out of file descriptors says so at WARN, and serves again once clients let go.
// The gateway runs under `ulimit -n 32`, and the test holds connections open until it can
// accept no more.
func TestOutOfFileDescriptorsLogged(t *testing.T) {
	sh := checkintest.RequireTool(t, "sh")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	addr := checkintest.FreeAddr(t)
	var stderr checkintest.SyncBuffer
	cmd := exec.Command(sh, "-c", `ulimit -n 32 && exec "$0" "$@"`, gatewaytest.Binary(t),
		"--listen", addr, "--config", cfg, "--db", filepath.Join(dir, "checkins.db"), "--idle-timeout", "1m")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	done := make(chan struct{})
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
	pollAlive(t, "http://"+addr, 204, 10*time.Second, &stderr)

	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "cannot accept connections") {
		if time.Now().After(deadline) {
			t.Fatalf("no accept error logged after %d connections held; log:\n%s", len(held), stderr.String())
		}
		if len(held) < 64 {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "level=WARN") || !strings.Contains(stderr.String(), "too many open files") {
		t.Errorf("accept error not logged at WARN with its cause:\n%s", stderr.String())
	}
	for _, c := range held {
		c.Close()
	}
	held = nil
	pollAlive(t, "http://"+addr, 204, 10*time.Second, &stderr)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		checkintest.WantExit(t, "checkin-gateway after SIGTERM", checkintest.ExitCode(waitErr), 0, stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatalf("gateway did not stop; log:\n%s", stderr.String())
	}
}
