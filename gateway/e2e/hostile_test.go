package e2e

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Short timeouts for the hostile-input tests, so that stalled requests end quickly.
var shortTimeouts = []string{"--read-header-timeout", "300ms", "--read-timeout", "1s", "--write-timeout", "2s",
	"--idle-timeout", "500ms", "--auth-fail-limit", "0"}

// rawRequest builds an HTTP/1.1 request by hand, with a Content-Length when body is not nil.
func rawRequest(method, path, contentType, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n", method, path)
	if contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.String()
}

func checkinJSON(fields string) string {
	return rawRequest("POST", "/", "application/json", fields)
}

// valid is a correct check-in body with extra fields spliced in before the closing brace.
func valid(extra string) string {
	return `{"service": "backup", "token": "secret-backup", "status": "OK"` + extra + `}`
}

// send writes raw to a new connection and reads the answer; code 0 means the gateway closed
// the connection without answering.
func send(t *testing.T, addr, raw string) (code int, body string, hdr http.Header) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		return 0, "", nil // closed while sending: no answer
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, "", nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func countCheckins(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM checkins`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Malformed and hostile requests over real TCP: each gets its documented 4xx (JSON from the
// gateway; plain text from the HTTP layer for malformed HTTP; a stalled header is cut off),
// nothing is stored, and the gateway keeps serving. SQLite only: the requests are refused before
// the store, and the test reads the database file to see that nothing was stored.
func TestHostileRequests(t *testing.T) {
	dir := t.TempDir()
	cfg, dbPath := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, dbPath, shortTimeouts...)
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	deep := valid(`, "x": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000))
	huge := valid(`, "info": "` + strings.Repeat("A", 100<<10) + `"`)
	const plain = false // the HTTP layer answers in plain text
	tests := []struct {
		name, raw string
		want      int
		json      bool
	}{
		// bad JSON at every depth
		{"lone brace", checkinJSON(`{`), 400, true},
		{"unclosed object", checkinJSON(`{"service": "backup", "token": "secret-backup", "status": "OK"`), 400, true},
		{"trailing comma", checkinJSON(valid(`,`)), 400, true},
		{"bad value at depth 3", checkinJSON(valid(`, "x": {"a": [1, {"b": }]}`)), 400, true},
		{"unclosed array at depth 2", checkinJSON(valid(`, "x": [1, [2`)), 400, true},
		{"single quotes", checkinJSON(`{'service': 'backup'}`), 400, true},
		{"garbage after the object", checkinJSON(valid(``) + ` garbage`), 400, true},
		{"two objects", checkinJSON(valid(``) + valid(``)), 400, true},
		{"empty body", checkinJSON(``), 400, true},
		{"white space only", checkinJSON(" \n\t "), 400, true},
		// wrong types
		{"array body", checkinJSON(`["backup", "secret-backup", "OK"]`), 400, true},
		{"null body", checkinJSON(`null`), 400, true},
		{"number body", checkinJSON(`42`), 400, true},
		{"service is bool", checkinJSON(`{"service": true, "token": "secret-backup", "status": "OK"}`), 400, true},
		{"token is array", checkinJSON(`{"service": "backup", "token": ["secret-backup"], "status": "OK"}`), 400, true},
		{"status is object", checkinJSON(`{"service": "backup", "token": "secret-backup", "status": {"s": "OK"}}`), 400, true},
		{"status is number", checkinJSON(`{"service": "backup", "token": "secret-backup", "status": 0}`), 400, true},
		// huge and deeply nested
		{"deeply nested", checkinJSON(deep), 400, true},
		{"huge body", checkinJSON(huge), 413, true},
		{"huge chunked body", "POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n" +
			fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(huge), huge), 413, true},
		{"huge body announced, waiting for 100 Continue", "POST / HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" +
			"Expect: 100-continue\r\nContent-Length: 10000000\r\n\r\n", 413, true},
		// encodings and characters
		{"invalid UTF-8 in info", checkinJSON(valid(`, "info": "caf\xe9"`)), 400, true},
		{"invalid UTF-8 in a key", checkinJSON(valid(`, "\xff\xfe": 1`)), 400, true},
		{"raw NUL in a string", checkinJSON(valid(`, "info": "a` + "\x00" + `b"`)), 400, true},
		{"escaped NUL in info", checkinJSON(valid(`, "info": "a\u0000b"`)), 400, true},
		{"escape sequence in info", checkinJSON(valid(`, "info": "\u001b[31mred"`)), 400, true},
		{"C1 control in info", checkinJSON(valid(`, "info": "a\u0085b"`)), 400, true},
		{"NUL in the service name", checkinJSON(`{"service": "backup\u0000", "token": "secret-backup", "status": "OK"}`), 400, true},
		{"HTML as service name", checkinJSON(`{"service": "<script>alert(1)</script>", "token": "secret-backup", "status": "OK"}`), 400, true},
		{"overlong service name", checkinJSON(`{"service": "` + strings.Repeat("b", 129) + `", "token": "x", "status": "OK"}`), 400, true},
		{"path as service name", checkinJSON(`{"service": "../backup", "token": "secret-backup", "status": "OK"}`), 400, true},
		{"newline in service name", checkinJSON(`{"service": "backup\nx", "token": "secret-backup", "status": "OK"}`), 400, true},
		// duplicates
		{"duplicate status", checkinJSON(valid(`, "status": "CRITICAL"`)), 400, true},
		{"service and service_name disagree", checkinJSON(valid(`, "service_name": "laptop"`)), 400, true},
		{"duplicate form field", rawRequest("POST", "/", "application/x-www-form-urlencoded", "service=backup&token=secret-backup&status=OK&token=x"), 400, true},
		{"bad form escape", rawRequest("POST", "/", "application/x-www-form-urlencoded", "service=%zz&token=secret-backup&status=OK"), 400, true},
		// authentication
		{"wrong token", checkinJSON(`{"service": "backup", "token": "secret-backup ", "status": "OK"}`), 401, true},
		{"unknown service", checkinJSON(`{"service": "nosuch", "token": "secret-backup", "status": "OK"}`), 401, true},
		{"token with NUL", checkinJSON(`{"service": "backup", "token": "secret-backup\u0000", "status": "OK"}`), 401, true},
		// methods
		{"PUT", rawRequest("PUT", "/", "application/json", valid(``)), 405, true},
		{"DELETE", rawRequest("DELETE", "/report", "", ""), 405, true},
		{"PATCH", rawRequest("PATCH", "/api/v1/checkins", "application/json", valid(``)), 405, true},
		{"made-up method", rawRequest("BREW", "/", "application/json", valid(``)), 405, true},
		// path tricks
		{"dot-dot", rawRequest("POST", "/../report", "application/json", valid(``)), 404, true},
		{"double slash", rawRequest("POST", "//report", "application/json", valid(``)), 404, true},
		{"encoded dot-dot", rawRequest("POST", "/%2e%2e/report", "application/json", valid(``)), 404, true},
		{"encoded NUL", rawRequest("POST", "/report%00", "application/json", valid(``)), 404, true},
		{"encoded slash in a name", rawRequest("GET", "/api/v1/services/..%2f..%2fetc%2fpasswd", "", ""), 404, true},
		{"traversal in service", rawRequest("GET", "/report?service=../../etc/passwd", "", ""), 404, true},
		// malformed HTTP, answered by the HTTP layer
		{"NUL in the request line", "POST /\x00 HTTP/1.1\r\nHost: gw\r\n\r\n", 400, plain},
		{"no Host header", "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 400, plain},
		{"bad header name", "POST / HTTP/1.1\r\nHost: gw\r\nBad Header: x\r\n\r\n", 400, plain},
		{"two body lengths", "POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, plain},
		{"bad Content-Length", "POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: ten\r\n\r\n", 400, plain},
		{"huge headers", "GET /alive HTTP/1.1\r\nHost: gw\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n", 431, plain},
		// stalled requests: the timeouts end them
		{"body shorter than its length", "POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n" + valid(``)[:30], 408, true},
		{"chunked body without end", "POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + valid(``)[:16] + "\r\n", 408, true},
		{"headers without end", "POST / HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, hdr := send(t, p.Addr, tt.raw)
			if code != tt.want {
				t.Errorf("answer = %d %.200q; want %d", code, body, tt.want)
			}
			if tt.json {
				if ct := hdr.Get("Content-Type"); ct != "application/json" || !strings.HasPrefix(body, `{"error":"`) {
					t.Errorf("answer %q (%s) is not a JSON error", body, ct)
				}
			}
			if strings.Contains(body, "secret-backup") {
				t.Errorf("answer echoes the token: %s", body)
			}
			if n := countCheckins(t, db); n != 0 {
				t.Fatalf("%d check-ins stored; want none", n)
			}
			if code, err := httpGet(p.URL + "/alive"); err != nil || code != 204 {
				t.Fatalf("/alive after the request = %d, %v; want 204", code, err)
			}
		})
	}
	if len(tests) < 40 {
		t.Errorf("only %d hostile requests; the issue asks for at least 40", len(tests))
	}
	// Every refusal by the gateway itself is counted by reason; the stalled bodies as timeouts.
	_, metricsText := get(t, p.URL+"/metrics")
	for _, want := range []string{`checkin_checkins_rejected_total{reason="timeout"} 2`,
		`checkin_checkins_rejected_total{reason="too_large"} 3`, `checkin_checkins_rejected_total{reason="unauthorized"} 3`} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// HTML in info is not an attack on the gateway: it is stored as sent and escaped in JSON.
	if code := post(t, p.URL+"/", valid(`, "info": "<img src=x onerror=alert(1)>"`)); code != 204 {
		t.Fatalf("check-in with HTML info = %d; want 204", code)
	}
	if _, body := get(t, p.URL+"/report?service=backup"); strings.Contains(body, "<img") || !strings.Contains(body, `\u003cimg`) {
		t.Errorf("HTML in info is not escaped in the JSON answer: %s", body)
	}
}
