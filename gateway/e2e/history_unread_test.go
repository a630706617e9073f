package e2e

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// Forty clients ask for a history page of 60 KB infos (4 MiB) and never read it: each page was
// held until --write-timeout, 40 × 4 MiB. The pages being sent share a budget, so the gateway
// stays under 120 MB (it took 230 MB), and another client still pages through all of it.
func TestUnreadHistoryPagesBoundMemory(t *testing.T) {
	backendtest.Each(t, testUnreadHistoryPagesBoundMemory)
}

func testUnreadHistoryPagesBoundMemory(t *testing.T, b backendtest.Backend) {
	const rows, infoSize, readers, limit = 300, 60 << 10, 40, 120 << 20
	g := startWithLongHistory(t, b, rows, infoSize, "x")

	peak := peakWithUnreadAnswers(t, g, "/api/v1/services/backup/history?limit=1000", readers)
	t.Logf("peak RSS %.1f MB with %d unread history pages", float64(peak)/(1<<20), readers)
	if peak > limit {
		t.Errorf("peak RSS %.1f MB with %d unread history pages; want under %d MB", float64(peak)/(1<<20), readers, limit>>20)
	}

	// Another client meanwhile: shorter pages, but all of the history.
	seen := pageThrough(t, g)
	if seen != rows {
		t.Errorf("a client paging while the others do not read saw %d check-ins; want %d", seen, rows)
	}
}

// peakWithUnreadAnswers asks for path on n connections that read only the status line of the
// answer, then returns the gateway's peak RSS while they hold it.
func peakWithUnreadAnswers(t *testing.T, g *gatewaytest.Gateway, path string, n int) int64 {
	t.Helper()
	// A small receive buffer, set before connecting, keeps the window small, so the gateway's
	// writes block as soon as its own send buffer is full.
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var sockErr error
		err := c.Control(func(fd uintptr) {
			sockErr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10)
		})
		return errors.Join(err, sockErr)
	}}
	for range n {
		conn, err := dialer.Dial("tcp", g.Addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: gw\r\nAccept: text/html\r\n\r\n", path)
		// The status line comes once the answer is being sent.
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		status := make([]byte, len("HTTP/1.1 200"))
		if _, err := io.ReadFull(conn, status); err != nil || string(status) != "HTTP/1.1 200" {
			t.Fatalf("unread answer to %s: %q, %v; want HTTP/1.1 200", path, status, err)
		}
	}
	var peak int64
	for range 5 {
		peak = max(peak, g.RSSBytes(t))
		time.Sleep(20 * time.Millisecond)
	}
	return peak
}
