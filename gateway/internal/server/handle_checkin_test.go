package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

func TestCheckinAccepted(t *testing.T) { backendtest.Each(t, testCheckinAccepted) }

func testCheckinAccepted(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		name, method, path, contentType, body string
		wantStatus, wantInfo                  string
	}{
		{"json on /", "POST", "/", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "done"}`, "OK", "done"},
		{"json on /report", "POST", "/report", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "WARNING"}`, "WARNING", ""},
		{"json on /api/v1/checkins", "POST", "/api/v1/checkins", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "CRITICAL", "info": "disk full"}`, "CRITICAL", "disk full"},
		{"json sent as curl's default form type", "POST", "/", "application/x-www-form-urlencoded",
			`{"service_name": "backup", "token": "secret-backup", "status": "ok", "info": "old client"}`, "OK", "old client"},
		{"json without content type", "POST", "/", "",
			` {"service": "backup", "token": "secret-backup", "status": "Unknown"}`, "UNKNOWN", ""},
		{"form encoded", "POST", "/", "application/x-www-form-urlencoded",
			`service=backup&token=secret-backup&status=critical&info=exit+code+2`, "CRITICAL", "exit code 2"},
		{"service and service_name agree", "POST", "/", "application/json",
			`{"service": "backup", "service_name": "backup", "token": "secret-backup", "status": "OK"}`, "OK", ""},
		{"unknown fields ignored", "POST", "/", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "OK", "host": {"name": "x"}, "n": [1, 2]}`, "OK", ""},
		{"info null", "POST", "/", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "OK", "info": null}`, "OK", ""},
		{"multi-line info", "POST", "/", "application/json",
			`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "line 1\nline 2\t<b>"}`, "OK", "line 1\nline 2\t<b>"},
	}
	// One gateway for all: each accepted request adds one check-in, the newest.
	f := newFixture(t, b)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.stored(t)
			code, body, _ := f.do(t, tt.method, tt.path, tt.contentType, tt.body)
			if code != http.StatusNoContent || body != "" {
				t.Fatalf("%s %s = %d %q; want 204 and no body", tt.method, tt.path, code, body)
			}
			if n := f.stored(t) - before; n != 1 {
				t.Fatalf("%d check-ins stored; want one", n)
			}
			hist, err := storagetest.History(context.Background(), f.store, "backup", 1)
			if err != nil || len(hist) != 1 {
				t.Fatalf("history = %v, %v; want the new check-in", hist, err)
			}
			if got := hist[0]; got.Status.String() != tt.wantStatus || got.Info != tt.wantInfo || !got.At.Equal(f.clock.Now()) {
				t.Errorf("stored %+v; want %s %q at the gateway's time %v", got, tt.wantStatus, tt.wantInfo, f.clock.Now())
			}
		})
	}
}

func TestCheckinRejected(t *testing.T) { backendtest.Each(t, testCheckinRejected) }

func testCheckinRejected(t *testing.T, b backendtest.Backend) {
	big := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name, method, contentType, body string
		wantCode                        int
		wantMsg                         string // must appear in the error
	}{
		{"malformed json", "POST", "application/json", `{"service": "backup",`, 400, "malformed JSON"},
		{"malformed inside", "POST", "application/json", `{"service": "backup", "token": tru}`, 400, "malformed JSON"},
		{"trailing data", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK"} x`, 400, "unexpected data"},
		{"not an object", "POST", "application/json", `["backup", "secret-backup", "OK"]`, 400, "JSON object"},
		{"string body", "POST", "application/json", `"OK"`, 400, "JSON object"},
		{"empty body", "POST", "application/json", ``, 400, "malformed JSON"},
		{"missing service", "POST", "application/json", `{"token": "secret-backup", "status": "OK"}`, 400, "field service"},
		{"empty service", "POST", "application/json", `{"service": "", "token": "secret-backup", "status": "OK"}`, 400, "field service"},
		{"bad service name", "POST", "application/json", `{"service": "../etc", "token": "secret-backup", "status": "OK"}`, 400, "field service"},
		{"service disagrees", "POST", "application/json", `{"service": "backup", "service_name": "laptop", "token": "secret-backup", "status": "OK"}`, 400, "disagree"},
		{"missing token", "POST", "application/json", `{"service": "backup", "status": "OK"}`, 400, "field token"},
		{"missing status", "POST", "application/json", `{"service": "backup", "token": "secret-backup"}`, 400, "field status"},
		{"unknown status", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "FINE"}`, 400, "field status"},
		{"numeric status", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": 0}`, 400, "field status must be a string"},
		{"token wrong type", "POST", "application/json", `{"service": "backup", "token": 123, "status": "OK"}`, 400, "field token must be a string"},
		{"service is object", "POST", "application/json", `{"service": {"name": "backup"}, "token": "secret-backup", "status": "OK"}`, 400, "field service must be a string"},
		{"info wrong type", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK", "info": 5}`, 400, "field info must be a string"},
		{"status null", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": null}`, 400, "field status"},
		{"duplicate field", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK", "status": "CRITICAL"}`, 400, "more than once"},
		{"capitalised field", "POST", "application/json", `{"Service": "backup", "token": "secret-backup", "status": "OK"}`, 400, `field "Service": field names are lower case`},
		{"second status in other case", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK", "STATUS": "CRITICAL"}`, 400, `field "STATUS"`},
		{"capitalised form field", "POST", "application/x-www-form-urlencoded", `service=backup&token=secret-backup&Status=OK`, 400, `field "Status"`},
		{"duplicate form field", "POST", "application/x-www-form-urlencoded", `service=backup&token=secret-backup&status=OK&status=CRITICAL`, 400, "more than once"},
		{"form missing status", "POST", "application/x-www-form-urlencoded", `service=backup&token=secret-backup`, 400, "field status"},
		{"control characters in info", "POST", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "a\u0000b"}`, 400, "control characters"},
		{"invalid utf-8", "POST", "application/json", "{\"service\": \"backup\", \"token\": \"secret-backup\", \"status\": \"OK\", \"info\": \"\xff\"}", 400, "UTF-8"},
		{"too large", "POST", "application/json", big, 413, "larger than 65536"},
		{"wrong token", "POST", "application/json", `{"service": "backup", "token": "secret-laptop", "status": "OK"}`, 401, "unknown service or wrong token"},
		{"unknown service", "POST", "application/json", `{"service": "nosuch", "token": "secret-backup", "status": "OK"}`, 401, "unknown service or wrong token"},
		{"token case matters", "POST", "application/json", `{"service": "backup", "token": "SECRET-BACKUP", "status": "OK"}`, 401, "unknown service or wrong token"},
		{"PUT", "PUT", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK"}`, 405, "not allowed"},
		{"DELETE", "DELETE", "", ``, 405, "not allowed"},
	}
	// One gateway for all: each refused request must leave the database as it was.
	f := newFixture(t, b)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.stored(t)
			code, body, hdr := f.do(t, tt.method, "/", tt.contentType, tt.body)
			if code != tt.wantCode {
				t.Errorf("%s / = %d %s; want %d", tt.method, code, body, tt.wantCode)
			}
			if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error = %q; want it to mention %q", msg, tt.wantMsg)
			}
			if strings.Contains(body, "secret") {
				t.Errorf("error body %q echoes a token", body)
			}
			if n := f.stored(t) - before; n != 0 {
				t.Errorf("%d check-ins stored for a rejected request; want 0", n)
			}
			// The gateway keeps serving.
			f.checkin(t, "backup", "secret-backup", "OK", "still here")
		})
	}
}

func TestCheckinsInOneSecondKeptInOrder(t *testing.T) {
	backendtest.Each(t, testCheckinsInOneSecondKeptInOrder)
}

func testCheckinsInOneSecondKeptInOrder(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	for _, info := range []string{"one", "two", "three"} {
		f.checkin(t, "laptop", "secret-laptop", "OK", info)
	}
	hist, err := storagetest.History(context.Background(), f.store, "laptop", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hist {
		got = append(got, h.Info)
	}
	if strings.Join(got, ",") != "three,two,one" {
		t.Errorf("history = %v; want three, two, one", got)
	}
}
