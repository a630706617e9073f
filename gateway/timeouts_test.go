package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Idle keep-alive connections are closed after --idle-timeout, and slow-loris connections do
// not keep correct clients out.
func TestTimeouts(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, filepath.Join(dir, "checkins.db"), shortTimeouts...)

	idle, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n")
	r := bufio.NewReader(idle)
	if resp, err := http.ReadResponse(r, nil); err != nil || resp.StatusCode != 204 {
		t.Fatalf("/alive = %v, %v", resp, err)
	}
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

// Every timeout flag reaches the HTTP server.
func TestTimeoutsReachServer(t *testing.T) {
	tt := timeouts{ReadHeaderTimeout: 1, ReadTimeout: 2, WriteTimeout: 3, IdleTimeout: 4}
	s := tt.server(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if s.ReadHeaderTimeout != 1 || s.ReadTimeout != 2 || s.WriteTimeout != 3 || s.IdleTimeout != 4 || s.MaxHeaderBytes == 0 {
		t.Errorf("server timeouts = %v %v %v %v max header %d; want 1 2 3 4 and a header limit",
			s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, s.MaxHeaderBytes)
	}
}
