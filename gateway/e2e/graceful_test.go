package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

// SIGTERM under load: a check-in whose headers or body are still arriving, on a new connection
// or on a keep-alive one after an earlier request, is stored and answered 204, no request gets a 5xx, idle keep-alive connections and
// connections that sent nothing are closed, and the gateway exits 0.
func TestGracefulStop(t *testing.T) { backendtest.Each(t, testGracefulStop) }

func testGracefulStop(t *testing.T, b backendtest.Backend) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), b.DB(t)
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, db)

	// An idle keep-alive connection.
	idle, idleR := idleConn(t, p.Addr)

	// A check-in whose body is half sent.
	body := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "slow body"}`
	body2 := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "slow headers"}`
	slow, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "POST / HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:20])

	// A connection that has sent nothing: it must not hold up the stop.
	silent, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()

	// A check-in on a new connection whose headers are half sent.
	halfHead, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer halfHead.Close()
	head := fmt.Sprintf("POST /report HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body2))
	io.WriteString(halfHead, head[:25])

	// A second check-in on a keep-alive connection, after its first request was answered, with
	// its headers half sent.
	body3 := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "kept alive"}`
	head3 := fmt.Sprintf("POST / HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body3))
	keptAlive, keptAliveR := idleConn(t, p.Addr)
	io.WriteString(keptAlive, head3[:25])

	// Load.
	load := startLoad(p.URL+"/", "", 4, 15*time.Second, func(code int, err error) bool {
		if err != nil {
			time.Sleep(time.Millisecond) // refused once the gateway stops accepting
		} else if code >= 500 {
			t.Errorf("check-in during shutdown = %d; want no 5xx", code)
		}
		return true
	})
	load.waitAcked(t, 20)
	p.Signal(t, syscall.SIGTERM)

	// The idle connection is closed by the gateway.
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := idleR.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("idle keep-alive connection after SIGTERM: read %d bytes, %v; want EOF", n, err)
	}
	silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := silent.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("connection that sent nothing, after SIGTERM: read %d bytes, %v; want EOF", n, err)
	}
	// The half-sent check-in is finished, stored and acknowledged. The closed idle connection
	// shows that the drain has begun; the log line says so too.
	waitLog(t, p.Stderr, "shutting down", 5*time.Second)
	if _, err := io.WriteString(slow, body[20:]); err != nil {
		t.Fatal(err)
	}
	slow.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("check-in whose body arrived during shutdown = %v, %v; want 204", resp, err)
	}

	if _, err := io.WriteString(halfHead, head[25:]+body2); err != nil {
		t.Fatal(err)
	}
	halfHead.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err = http.ReadResponse(bufio.NewReader(halfHead), nil)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("check-in whose headers arrived during shutdown = %v, %v; want 204", resp, err)
	}
	if !resp.Close {
		t.Errorf("answer to a request that began during shutdown lacks Connection: close")
	}

	if _, err := io.WriteString(keptAlive, head3[25:]+body3); err != nil {
		t.Fatal(err)
	}
	keptAlive.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err = http.ReadResponse(keptAliveR, nil)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("second check-in on a keep-alive connection, headers arriving during shutdown = %v, %v; want 204", resp, err)
	}

	code := p.Wait(t, daemon.ShutdownTimeout+2*time.Second)
	acked := load.Stop()
	if code != 0 {
		t.Errorf("exit code = %d; want 0\n%s", code, p.Stderr)
	}

	hist, err := storagetest.History(t.Context(), b.OpenAt(t, db), "backup", 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, h := range hist {
		have[h.Info] = true
	}
	for _, info := range append(acked, "slow body", "slow headers", "kept alive") {
		if !have[info] {
			t.Errorf("check-in %q got 204 but is not stored", info)
		}
	}
	t.Logf("%d check-ins acknowledged under load; all stored", len(acked))
}
