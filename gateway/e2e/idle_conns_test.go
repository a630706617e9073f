package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// startLimited starts the gateway with its file descriptor limit set to nofile (soft and hard)
// by prlimit, and returns its address and pid once /alive answers.
func startLimited(t *testing.T, nofile int, args ...string) (addr string, pid int, stderr *checkintest.SyncBuffer) {
	t.Helper()
	checkintest.RequireTool(t, "prlimit")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	if err := os.WriteFile(cfg, []byte(floodServices), 0o600); err != nil {
		t.Fatal(err)
	}
	addr = fmt.Sprintf("127.0.0.1:%d", checkintest.FreePort(t))
	cmd := exec.Command("prlimit", append([]string{fmt.Sprintf("--nofile=%d:%d", nofile, nofile), "--",
		gatewaytest.Binary(t), "--listen", addr, "--config", cfg, "--db", filepath.Join(dir, "checkins.db")}, args...)...)
	stderr = new(checkintest.SyncBuffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/alive"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				return addr, cmd.Process.Pid, stderr
			}
		}
	}
	t.Fatalf("gateway did not answer /alive:\n%s", stderr)
	return "", 0, nil
}

// holdIdle opens n keep-alive connections to addr from the local addresses 127.0.0.10 and up
// (perAddr each), asks for /alive on each and leaves it open and idle. It returns how many
// got their answer.
func holdIdle(t *testing.T, addr string, n, perAddr int) int {
	t.Helper()
	var mu sync.Mutex
	answered := 0
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(10+i/perAddr))}, Timeout: 5 * time.Second}
				conn, err := d.Dial("tcp", addr)
				if err != nil {
					continue // the gateway closed it at once: full of new connections
				}
				t.Cleanup(func() { conn.Close() })
				_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := io.WriteString(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n"); err != nil {
					continue
				}
				if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err == nil {
					resp.Body.Close()
					mu.Lock()
					answered++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return answered
}

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T, pid int) int {
	t.Helper()
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// With many more idle keep-alive connections held than descriptors allow, the gateway stays
// under its cap (the limit less a reserve) by closing the ones idle longest: a new check-in and
// a state read on new connections are answered, and accept never fails with "too many open
// files". (The 20,000-connection figure is measured by make bench; here the limit is 1,024.)
func TestIdleConnectionsMakeRoom(t *testing.T) {
	if testing.Short() {
		t.Skip("holds thousands of connections: not under -short")
	}
	const nofile = 1024
	addr, pid, stderr := startLimited(t, nofile)
	wantCap := nofile - 64 - nofile/16
	if !strings.Contains(stderr.String(), fmt.Sprintf("max_conns=%d", wantCap)) {
		t.Errorf("start-up line lacks max_conns=%d (from the descriptor limit):\n%s", wantCap, stderr)
	}
	// 20 addresses of 150: each under the per-address cap, 3,000 in all.
	if n := holdIdle(t, addr, 3000, 150); n < 2900 {
		t.Errorf("%d of 3000 connections answered; want nearly all (room is made by closing idle ones)", n)
	}
	if fds := openFDs(t, pid); fds > nofile-32 {
		t.Errorf("gateway holds %d descriptors of %d; want its reserve kept free", fds, nofile)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Post("http://"+addr+"/", "application/json", strings.NewReader(`{"service": "backup", "token": "secret-backup", "status": "OK"}`))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("check-in with %d connections held: %v %v; want 204", 3000, resp, err)
	}
	resp.Body.Close()
	checkin := time.Since(start)
	start = time.Now()
	resp, err = client.Get("http://" + addr + "/api/v1/services/backup")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("state read with %d connections held: %v %v; want 200", 3000, resp, err)
	}
	resp.Body.Close()
	t.Logf("with 3,000 idle connections against a cap of %d: check-in %v, state read %v, %d descriptors open",
		wantCap, checkin.Round(time.Microsecond), time.Since(start).Round(time.Microsecond), openFDs(t, pid))
	log := stderr.String()
	if strings.Contains(log, "too many open files") {
		t.Errorf("accept ran out of descriptors:\n%s", tail(log, 10))
	}
	if !strings.Contains(log, "closed an idle connection to make room") {
		t.Errorf("log does not say idle connections were closed:\n%s", tail(log, 10))
	}
}
