package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// One client address may have --max-conns-per-client connections open; more are closed as they
// come, other clients and trusted proxies are not affected, and a closed connection gives its
// place back.
func TestConnectionsPerClient(t *testing.T) {
	const limit = 20
	g := gatewaytest.Start(t, gatewaytest.Options{Services: testServices,
		Args: []string{"--max-conns-per-client", fmt.Sprint(limit), "--trusted-proxies", "127.0.0.4"}})

	// alive opens a connection from the local address from and asks for /alive on it; ok is
	// false when the gateway closed it without an answer. The connection stays open.
	alive := func(from string) (conn net.Conn, ok bool) {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
		conn, err := d.Dial("tcp", g.Addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n"); err != nil {
			return conn, false
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return conn, false
		}
		resp.Body.Close()
		return conn, resp.StatusCode == http.StatusNoContent
	}

	var held []net.Conn
	for i := range limit {
		conn, ok := alive("127.0.0.2")
		if !ok {
			t.Fatalf("connection %d of 127.0.0.2 got no answer; want one up to %d", i+1, limit)
		}
		held = append(held, conn)
	}
	if _, ok := alive("127.0.0.2"); ok {
		t.Errorf("connection %d of 127.0.0.2 was answered; want it closed", limit+1)
	}
	if _, ok := alive("127.0.0.3"); !ok {
		t.Error("another client got no answer while 127.0.0.2 was at its limit")
	}
	for i := range limit + 5 {
		if _, ok := alive("127.0.0.4"); !ok {
			t.Fatalf("connection %d of the trusted proxy got no answer; want no limit for it", i+1)
		}
	}
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok := alive("127.0.0.2"); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("127.0.0.2 got no answer after closing one of its connections")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if log := g.Stderr.String(); !strings.Contains(log, "too many open") || !strings.Contains(log, "client=127.0.0.2") {
		t.Errorf("log lacks the refusal of 127.0.0.2:\n%s", log)
	}
}

func TestClientOf(t *testing.T) {
	tests := []struct{ a, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"},
		{"2001:db8:1:3::1", "2001:db8:1:3::"},
	}
	for _, tt := range tests {
		if got := clientOf(netip.MustParseAddr(tt.a)).String(); got != tt.want {
			t.Errorf("clientOf(%s) = %s; want %s", tt.a, got, tt.want)
		}
	}
}
