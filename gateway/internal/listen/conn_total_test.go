package listen

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// totalFixture is an HTTP server on 127.0.0.1 behind CapTotalConns; /block waits until
// release is closed.
type totalFixture struct {
	addr    string
	clock   *gatewaytest.Clock
	release chan struct{}
	log     *checkintest.SyncBuffer
	total   *TotalConns
}

func newTotalFixture(t *testing.T, max int) *totalFixture {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &totalFixture{addr: ln.Addr().String(), clock: gatewaytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
		release: make(chan struct{}), log: new(checkintest.SyncBuffer)}
	total := CapTotalConns(ln, max, slog.New(slog.NewTextHandler(f.log, nil)), f.clock.Now)
	f.total = total
	srv := &http.Server{ConnState: total.Track, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/block" {
			<-f.release
		}
		w.WriteHeader(http.StatusNoContent)
	})}
	go srv.Serve(total)
	t.Cleanup(func() { srv.Close() })
	return f
}

func (f *totalFixture) dial(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", f.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// ask sends GET path on c and reads the answer; false when c was closed instead.
func ask(t *testing.T, c net.Conn, path string) bool {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		return false
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusNoContent
}

// closedByServer reports whether the server closed c (a read ends without data).
func closedByServer(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
}

// At the cap, a new connection closes the one idle longest; a connection used since stays.
func TestTotalConnsCloseIdleLongest(t *testing.T) {
	f := newTotalFixture(t, 3)
	a, b, c := f.dial(t), f.dial(t), f.dial(t)
	for i, conn := range []net.Conn{a, b, c} {
		if !ask(t, conn, "/") {
			t.Fatalf("connection %d not answered", i+1)
		}
		// The server marks a connection idle after the client has its answer: wait for it, so
		// that the three are idle in this order.
		f.waitIdle(t, i+1)
	}
	if !ask(t, f.dial(t), "/") {
		t.Fatal("a new connection at the cap was not answered")
	}
	if !closedByServer(a) {
		t.Error("the connection idle longest was not closed")
	}
	if !ask(t, b, "/") || !ask(t, c, "/") {
		t.Error("a connection idle for less long was closed")
	}
	if !strings.Contains(f.log.String(), "closed an idle connection to make room") {
		t.Errorf("log lacks the closing:\n%s", f.log)
	}
}

// With every connection busy, a new one is closed at once; a connection that has sent nothing
// for a second is closed to make room, a newer one is not.
func TestTotalConnsBusyAndSilent(t *testing.T) {
	f := newTotalFixture(t, 2)
	busy := make(chan bool, 2)
	for range 2 {
		conn := f.dial(t)
		go func() { busy <- ask(t, conn, "/block") }()
	}
	// The two are accepted and tracked before the next accept; their requests may still be on
	// their way, so poll: a new connection is refused once both are active.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if conn := f.dial(t); !ask(t, conn, "/") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a connection beyond two busy ones was served")
		}
	}
	// The refusal is logged as the connection is closed: the client may see the close first.
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(f.log.String(), "none idle"); {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks the refusal:\n%s", f.log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(f.release)
	for range 2 {
		if !<-busy {
			t.Error("a busy connection was not answered")
		}
	}

	g := newTotalFixture(t, 2)
	silent1, _ := g.dial(t), g.dial(t)
	if ask(t, g.dial(t), "/") {
		t.Error("with two connections new for less than a second, a third was served")
	}
	g.clock.Add(2 * time.Second)
	if !ask(t, g.dial(t), "/") {
		t.Error("with connections silent for 2 s, a new one was not served")
	}
	if !closedByServer(silent1) {
		t.Error("the oldest silent connection was not closed")
	}
}

func TestMaxConns(t *testing.T) {
	for flag, want := range map[int]int{500: 500, -1: 0} {
		if got, err := MaxConns(flag); got != want || err != nil {
			t.Errorf("MaxConns(%d) = %d, %v; want %d", flag, got, err, want)
		}
	}
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	if got, err := MaxConns(0); err != nil || got != int(rl.Cur)-64-int(rl.Cur)/16 {
		t.Errorf("MaxConns(0) = %d, %v; want %d less 64 and 1/16", got, err, rl.Cur)
	}
}

// waitIdle waits until n connections are tracked as idle.
func (f *totalFixture) waitIdle(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		f.total.mu.Lock()
		idle := f.total.idle.Len()
		f.total.mu.Unlock()
		if idle == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections idle after 5s; want %d", idle, n)
		}
	}
}
