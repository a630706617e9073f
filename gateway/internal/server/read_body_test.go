package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

// A body may start with a UTF-8 byte order mark and may be gzip-compressed; the 64 KiB limit
// holds for what the body decompresses to, and other encodings are refused as such.
func TestCheckinBodyEncodings(t *testing.T) { backendtest.Each(t, testCheckinBodyEncodings) }

func testCheckinBodyEncodings(t *testing.T, b backendtest.Backend) {
	const ok = `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "fine"}`
	const form = `service=backup&token=secret-backup&status=OK&info=fine`
	bomb := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "` + strings.Repeat("x", 1<<20) + `"}`
	tests := []struct {
		name, contentType, encoding, body string
		wantCode                          int
		wantMsg                           string
	}{
		{"BOM before JSON", "application/json", "", "\uFEFF" + ok, 204, ""},
		{"BOM before a form", "application/x-www-form-urlencoded", "", "\uFEFF" + form, 204, ""},
		{"gzip", "application/json", "gzip", gatewaytest.Gzipped(t, ok), 204, ""},
		{"gzip, BOM inside", "application/json", "gzip", gatewaytest.Gzipped(t, "\uFEFF"+ok), 204, ""},
		{"x-gzip form", "application/x-www-form-urlencoded", "x-gzip", gatewaytest.Gzipped(t, form), 204, ""},
		{"identity", "application/json", "identity", ok, 204, ""},
		{"gzip of 1 MiB", "application/json", "gzip", gatewaytest.Gzipped(t, bomb), 413, "after decompression"},
		{"not gzip", "application/json", "gzip", ok, 400, "gzip"},
		{"brotli", "application/json", "br", ok, 415, "Content-Encoding"},
		{"gzip twice", "application/json", "gzip, gzip", gatewaytest.Gzipped(t, gatewaytest.Gzipped(t, ok)), 415, "Content-Encoding"},
		{"two BOMs", "application/json", "", "\uFEFF\uFEFF" + ok, 400, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, b)
			req, err := http.NewRequest("POST", f.url+"/api/v1/checkins", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", tt.contentType)
			if tt.encoding != "" {
				req.Header.Set("Content-Encoding", tt.encoding)
			}
			code, body, hdr := gatewaytest.RoundTrip(t, req)
			if code != tt.wantCode {
				t.Fatalf("check-in = %d %.200s; want %d", code, body, tt.wantCode)
			}
			if tt.wantCode != 204 {
				if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, tt.wantMsg) {
					t.Errorf("error = %q; want it to mention %q", msg, tt.wantMsg)
				}
				return
			}
			hist, err := storagetest.History(context.Background(), f.store, "backup", 10)
			if err != nil || len(hist) != 1 || hist[0].Info != "fine" {
				t.Errorf("stored %v, %v; want one check-in with info \"fine\"", hist, err)
			}
		})
	}
}

// A client that writes its whole body before it reads (Python's urllib does) gets the 413,
// not a reset connection, for a body well over the limit.
func TestTooLargeBodyAnsweredToAClientThatWritesFirst(t *testing.T) {
	// SQLite only: the body is refused before anything reaches the store.
	testTooLargeBodyAnsweredToAClientThatWritesFirst(t, backendtest.SQLite)
}

func testTooLargeBodyAnsweredToAClientThatWritesFirst(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	addr := strings.TrimPrefix(f.url, "http://")
	body := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "` + strings.Repeat("x", 1<<20) + `"}`
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			var req string
			if chunked {
				req = "POST /api/v1/checkins HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
					fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
			} else {
				req = fmt.Sprintf("POST /api/v1/checkins HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			}
			// In pieces, as over a real network: the whole body takes about a second.
			for piece := range splitEvery(req, 64<<10) {
				if _, err := io.WriteString(conn, piece); err != nil {
					t.Fatalf("writing a 1 MiB body: %v; want the gateway to read it", err)
				}
				time.Sleep(60 * time.Millisecond)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("reading the answer after a 1 MiB body: %v; want 413", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than 65536") {
				t.Errorf("answer = %d %s; want 413 naming the limit", resp.StatusCode, b)
			}
		})
	}
}

// splitEvery yields s in pieces of n bytes.
func splitEvery(s string, n int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for len(s) > n {
			if !yield(s[:n]) {
				return
			}
			s = s[n:]
		}
		yield(s)
	}
}
