package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// A refused check-in's answer and log never quote what the client sent in a field: a client
// that swaps service and token, or mangles its token, must not find the token in the log.
func TestRefusedCheckinQuotesNoFieldValue(t *testing.T) {
	// SQLite only: these check-ins are refused before anything reaches the store.
	testRefusedCheckinQuotesNoFieldValue(t, backendtest.SQLite)
}

func testRefusedCheckinQuotesNoFieldValue(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		name, contentType, body string
		wantCode                int
		secret                  string // must appear in neither the answer nor the log
	}{
		{"service and token swapped", "application/json",
			`{"service": "S3KR1T-t0ken", "token": "backup", "status": "OK"}`, 401, "S3KR1T"},
		{"service and token swapped, form", "application/x-www-form-urlencoded",
			`service=S3KR1T-t0ken&token=backup&status=OK`, 401, "S3KR1T"},
		{"broken escape in a form token", "application/x-www-form-urlencoded",
			`service=backup&token=%KR1Tsecret&status=OK`, 400, "%KR"},
		{"broken escape in a form name", "application/x-www-form-urlencoded",
			`service=backup&t%KRken=x&status=OK`, 400, "%KR"},
		{"bare word as token", "application/json",
			`{"service": "backup", "token": Q3KR1T, "status": "OK"}`, 400, "'Q'"},
		{"bad byte in a token", "application/json",
			"{\"service\": \"backup\", \"token\": \"Q3\x01KR1T\", \"status\": \"OK\"}", 400, `'\x01'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, records := newLoggedFixture(t, b)
			code, body, _ := f.do(t, "POST", "/api/v1/checkins", tt.contentType, tt.body)
			if code != tt.wantCode {
				t.Errorf("check-in = %d %s; want %d", code, body, tt.wantCode)
			}
			if strings.Contains(body, tt.secret) {
				t.Errorf("answer %s quotes %q", body, tt.secret)
			}
			for _, rec := range records() {
				for k, v := range rec {
					if s, ok := v.(string); ok && strings.Contains(s, tt.secret) {
						t.Errorf("log record %v quotes %q in %s", rec, tt.secret, k)
					}
				}
			}
		})
	}
}

// An unknown service name is logged as a short hash and its length, so that repeated attempts
// can be told apart without the name (perhaps a token) in the log.
func TestUnknownServiceLoggedAsHash(t *testing.T) {
	// SQLite only: these check-ins are refused before anything reaches the store.
	testUnknownServiceLoggedAsHash(t, backendtest.SQLite)
}

func testUnknownServiceLoggedAsHash(t *testing.T, b backendtest.Backend) {
	f, records := newLoggedFixture(t, b)
	for range 2 {
		f.do(t, "POST", "/api/v1/checkins", "application/json", `{"service": "nosuch", "token": "x", "status": "OK"}`)
	}
	f.do(t, "POST", "/api/v1/checkins", "application/json", `{"service": "backup", "token": "x", "status": "OK"}`)
	var unknown []string
	known := false
	for _, rec := range records() {
		if rec["msg"] != "check-in rejected" {
			continue
		}
		if s, ok := rec["unknown_service"].(string); ok {
			unknown = append(unknown, s)
		}
		if rec["service"] == "backup" {
			known = true
		}
	}
	want := regexp.MustCompile(`^sha256:[0-9a-f]{8}, 6 bytes$`)
	if len(unknown) != 2 || !want.MatchString(unknown[0]) || unknown[0] != unknown[1] {
		t.Errorf("unknown_service of two check-ins for nosuch = %q; want the same %s twice", unknown, want)
	}
	if !known {
		t.Errorf("a wrong token for a configured service was not logged with its name")
	}
}
