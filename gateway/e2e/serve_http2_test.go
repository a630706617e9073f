package e2e

import (
	"crypto/tls"
	"encoding/binary"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// Over TLS the gateway speaks HTTP/2 and lets one connection have at most daemon.MaxStreams requests
// under way, which it announces in its first SETTINGS frame (RFC 9113, section 6.5.2).
func TestHTTP2StreamsPerConnection(t *testing.T) {
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gw")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: filepath.Join(dir, "checkins.db"),
		Env: []string{"CHECKIN_TLS_CERT=" + cert, "CHECKIN_TLS_KEY=" + key}, Client: client})

	conn, err := tls.Dial("tcp", g.Addr, &tls.Config{RootCAs: ca.Pool, NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if p := conn.ConnectionState().NegotiatedProtocol; p != "h2" {
		t.Fatalf("negotiated %q; want h2", p)
	}
	// The client preface, then an empty SETTINGS frame.
	if _, err := io.WriteString(conn, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var head [9]byte // length (24 bits), type, flags, stream id
		if _, err := io.ReadFull(conn, head[:]); err != nil {
			t.Fatalf("no SETTINGS frame from the gateway: %v", err)
		}
		payload := make([]byte, int(head[0])<<16|int(head[1])<<8|int(head[2]))
		if _, err := io.ReadFull(conn, payload); err != nil {
			t.Fatal(err)
		}
		if head[3] != 0x4 || head[4]&0x1 != 0 { // not SETTINGS, or its ACK
			continue
		}
		for i := 0; i+6 <= len(payload); i += 6 {
			if binary.BigEndian.Uint16(payload[i:]) == 0x3 { // SETTINGS_MAX_CONCURRENT_STREAMS
				if got := binary.BigEndian.Uint32(payload[i+2:]); got != daemon.MaxStreams {
					t.Errorf("MAX_CONCURRENT_STREAMS = %d; want %d", got, daemon.MaxStreams)
				}
				return
			}
		}
		t.Fatalf("the gateway's SETTINGS (% x) set no MAX_CONCURRENT_STREAMS", payload)
	}
}
