package ping

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// TestPingBodyEncodings: a ping's body is read as a check-in's is: gzip is decompressed before
// it is stored (the limit holds for what it decompresses to), other encodings are refused
// with 415 and nothing is stored, never kept as compressed bytes.
func TestPingBodyEncodings(t *testing.T) { backendtest.Each(t, testPingBodyEncodings) }

func testPingBodyEncodings(t *testing.T, b backendtest.Backend) {
	const out = "rsync: 42 files copied"
	tests := []struct {
		name, encoding, body string
		wantCode             int
		wantBody, wantInfo   string // wantInfo: the stored info when wantCode is 200
	}{
		{"gzip", "gzip", gatewaytest.Gzipped(t, out), 200, "OK", "exit status 3: " + out},
		{"x-gzip", "x-gzip", gatewaytest.Gzipped(t, out), 200, "OK", "exit status 3: " + out},
		{"identity", "identity", out, 200, "OK", "exit status 3: " + out},
		{"gzip of 1 MiB", "gzip", gatewaytest.Gzipped(t, strings.Repeat("x", 1<<20)), 413, "after decompression", ""},
		{"not gzip", "gzip", out, 400, "gzip", ""},
		{"brotli", "br", out, 415, "Content-Encoding", ""},
		{"deflate", "deflate", out, 415, "Content-Encoding", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, b, testKey)
			req, err := http.NewRequest("POST", f.url+"/ping/"+backupUUID+"/3", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "text/plain")
			req.Header.Set("Content-Encoding", tt.encoding)
			code, body, _ := gatewaytest.RoundTrip(t, req)
			if code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
				t.Fatalf("POST with Content-Encoding %s = %d %q; want %d containing %q", tt.encoding, code, body, tt.wantCode, tt.wantBody)
			}
			c, stored := f.newest(t, "backup")
			switch {
			case tt.wantCode != 200 && stored:
				t.Errorf("stored %+v; want nothing", c)
			case tt.wantCode == 200 && (!stored || c.Info != tt.wantInfo):
				t.Errorf("stored info %q (found %v); want %q", c.Info, stored, tt.wantInfo)
			}
		})
	}
}

// TestPingOverLargeBodyNotInvited: a client that announces a body over the limit and waits for
// "100 Continue" before sending it (curl does for large bodies) gets the 413 at once, and is
// not invited to send what would be dropped.
func TestPingOverLargeBodyNotInvited(t *testing.T) {
	// SQLite only: the body is refused before anything reaches the store.
	testPingOverLargeBodyNotInvited(t, backendtest.SQLite)
}

func testPingOverLargeBodyNotInvited(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b, testKey)
	for _, encoding := range []string{"", "gzip"} {
		t.Run("encoding="+encoding, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(f.url, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			req := "POST /ping/" + backupUUID + "/fail HTTP/1.1\r\nHost: gw\r\nContent-Type: text/plain\r\n" +
				"Expect: 100-continue\r\nContent-Length: 10000000\r\n"
			if encoding != "" {
				req += "Content-Encoding: " + encoding + "\r\n"
			}
			if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("reading the answer: %v; want 413 without sending the body", err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "65536") {
				t.Errorf("answer = %d %q; want 413 naming the limit, without 100 Continue", resp.StatusCode, body)
			}
			if c, ok := f.newest(t, "backup"); ok {
				t.Errorf("stored %+v; want nothing", c)
			}
		})
	}
}
