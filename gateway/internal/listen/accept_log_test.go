package listen

import (
	"bytes"
	"log/slog"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// emfileListener fails Accept as a process out of file descriptors does, fails times, then
// accepts for real.
type emfileListener struct {
	net.Listener
	fails int
}

func (l *emfileListener) Accept() (net.Conn, error) {
	if l.fails > 0 {
		l.fails--
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

// Accept errors reach the log at warn, at most one line per acceptLogEvery, which counts the
// errors it stood for; a closed listener (the stop) is not an error to log.
func TestAcceptErrorsLoggedAtWarnRateLimited(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	inner := &emfileListener{Listener: ln}
	l := LogAcceptErrors(inner, log, func() time.Time { return now })

	accept := func(n int) {
		inner.fails = n
		for range n {
			if _, err := l.Accept(); err == nil {
				t.Fatal("Accept succeeded; want the injected error")
			}
		}
	}
	lines := func() []string { return strings.Split(strings.TrimSpace(buf.String()), "\n") }

	accept(100)
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "level=WARN") || !strings.Contains(got[0], "too many open files") {
		t.Fatalf("log after 100 accept errors in a moment:\n%s\nwant one WARN line naming the error", buf.String())
	}
	now = now.Add(acceptLogEvery)
	accept(1)
	if got := lines(); len(got) != 2 || !strings.Contains(got[1], "errors_since_last_line=99") {
		t.Fatalf("log after acceptLogEvery:\n%s\nwant a second line counting the 99 left out", buf.String())
	}
	ln.Close()
	if _, err := l.Accept(); err == nil {
		t.Fatal("Accept on a closed listener succeeded")
	}
	if got := lines(); len(got) != 2 {
		t.Errorf("a closed listener was logged:\n%s", buf.String())
	}
}
