package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Idle keep-alive connections are closed after --idle-timeout, and slow-loris connections do
// not keep correct clients out.
func TestTimeouts(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, filepath.Join(dir, "checkins.db"), shortTimeouts...)

	idle, r := idleConn(t, p.Addr)
	idle.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: %v; want EOF once the 500ms idle timeout passed", err)
	}
	t.Logf("idle connection closed after %v", time.Since(start).Round(time.Millisecond))

	// Slow-loris: many connections trickling headers; each is cut off, and meanwhile a correct
	// client is served.
	var loris []net.Conn
	for i := 0; i < 50; i++ {
		c, err := net.Dial("tcp", p.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: gw\r\n")
		loris = append(loris, c)
	}
	for i := 0; i < 5; i++ {
		for _, c := range loris {
			fmt.Fprintf(c, "X-%d: a\r\n", i)
		}
		if code := post(t, p.URL+"/", `{"service": "backup", "token": "secret-backup", "status": "OK"}`); code != 204 {
			t.Fatalf("correct check-in during slow-loris = %d; want 204", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i, c := range loris {
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		// Closed without an answer; a reset when our last header line came after the close.
		if n, err := c.Read(make([]byte, 512)); n > 0 || (err != io.EOF && !errors.Is(err, syscall.ECONNRESET)) {
			t.Fatalf("slow-loris connection %d: read %d bytes, %v; want it closed after the 300ms header timeout", i, n, err)
		}
	}
}

// An answer the client does not read is cut off once --write-timeout has passed: the gateway
// closes the connection before the whole body is sent, instead of holding it open for as long
// as the client likes, and keeps serving others.
func TestWriteTimeoutCutsOffUnreadAnswer(t *testing.T) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	writeFile(t, cfg, testServices)
	// 2,000 check-ins with long infos make a history page of about 4 MB (the most one page
	// holds): more than the kernel's socket buffers hold for a client that does not read.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	info := strings.Repeat("i", 4000)
	at := time.Now().Add(-time.Hour)
	_, err = storagetest.Seed(context.Background(), st, func(yield func(storage.Checkin) bool) {
		for i := range 2000 {
			if !yield(storage.Checkin{Service: "backup", Status: checkin.OK, Info: info, At: at.Add(time.Duration(i) * time.Millisecond)}) {
				return
			}
		}
	})
	if closeErr := st.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}
	const writeTimeout = 500 * time.Millisecond
	p := startGateway(t, cfg, db, "--write-timeout", writeTimeout.String())

	// A small receive buffer, set before connecting, keeps the window small, so the gateway's
	// writes block as soon as its own send buffer is full.
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var sockErr error
		err := c.Control(func(fd uintptr) {
			sockErr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10)
		})
		return errors.Join(err, sockErr)
	}}
	var resp *http.Response
	conn, err := dialer.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A history page holds at most 4 MiB, which the kernel's buffers may take whole; three
	// pipelined pages (12 MiB) cannot fit, so the gateway's writes must block and time out.
	const pages = 3
	for range pages {
		fmt.Fprintf(conn, "GET /api/v1/services/backup/history?limit=1000 HTTP/1.1\r\nHost: gw\r\n\r\n")
	}
	time.Sleep(3 * writeTimeout) // not reading

	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	counted := &countingReader{r: conn}
	br := bufio.NewReader(counted)
	whole := 0
	for ; whole < pages; whole++ {
		resp, err = http.ReadResponse(br, nil)
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if err != nil {
			break
		}
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after %v unread, the connection is still open (read %d bytes); want it closed by the %v write timeout",
			3*writeTimeout, counted.n, writeTimeout)
	}
	if whole == pages {
		t.Fatalf("all %d history answers arrived whole (%d bytes) after %v unread; want one cut off by the %v write timeout",
			pages, counted.n, 3*writeTimeout, writeTimeout)
	}
	t.Logf("answer cut off after %d bytes: %v", counted.n, err)

	if code, body := get(t, p.URL+"/api/v1/services/backup/history?limit=1"); code != 200 || !strings.Contains(body, info) {
		t.Errorf("history after the cut-off answer = %d %.100s; want 200 with the check-in", code, body)
	}
	if code, err := httpGet(p.URL + "/alive"); err != nil || code != 204 {
		t.Errorf("/alive after the cut-off answer = %d, %v; want 204", code, err)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
