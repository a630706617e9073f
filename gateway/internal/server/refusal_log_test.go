package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// A refused check-in's log line says why: a configured service with a wrong token is named
// with "wrong token"; a typo of a configured name is shown with the name it is close to; any
// other unknown name is only hashed. The client's answer is the same in every case.
func TestRefusedCheckinLogSaysWhy(t *testing.T) {
	// SQLite only: these check-ins are refused before anything reaches the store.
	tests := []struct {
		name, body string
		reason     string
		service    string         // the log's service key; "" for none
		hashed     *regexp.Regexp // the log's unknown_service; nil for none
		secret     string         // must not be in the log; "" for none
	}{
		{"wrong token", `{"service": "backup", "token": "secret-laptop", "status": "OK"}`,
			"wrong token", "backup", nil, "secret-laptop"},
		{"typo", `{"service": "backupp", "token": "secret-backup", "status": "OK"}`,
			`unknown service "backupp"; did you mean "backup"?`, "", nil, "secret-backup"},
		{"letter case", `{"service": "Laptop", "token": "x", "status": "OK"}`,
			`unknown service "Laptop"; did you mean "laptop"?`, "", nil, ""},
		{"token as the name", `{"service": "S3KR1T-t0ken", "token": "backup", "status": "OK"}`,
			"unknown service", "", regexp.MustCompile(`^sha256:[0-9a-f]{8}, 12 bytes$`), "S3KR1T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, records := newLoggedFixture(t, backendtest.SQLite)
			code, body, _ := f.do(t, "POST", "/api/v1/checkins", "application/json", tt.body)
			if code != 401 || !strings.Contains(body, `"unknown service or wrong token"`) {
				t.Errorf("answer = %d %s; want 401 unknown service or wrong token", code, body)
			}
			var found map[string]any
			for _, rec := range records() {
				if rec["msg"] == "check-in rejected" {
					found = rec
				}
				if tt.secret != "" && strings.Contains(strings.Join(stringValues(rec), " "), tt.secret) {
					t.Errorf("log record %v quotes %q", rec, tt.secret)
				}
			}
			if found == nil {
				t.Fatal(`no "check-in rejected" line in the log`)
			}
			if found["reason"] != tt.reason {
				t.Errorf("reason = %q; want %q", found["reason"], tt.reason)
			}
			if got, _ := found["service"].(string); got != tt.service {
				t.Errorf("service = %q; want %q", got, tt.service)
			}
			got, _ := found["unknown_service"].(string)
			if (tt.hashed == nil) != (got == "") || (tt.hashed != nil && !tt.hashed.MatchString(got)) {
				t.Errorf("unknown_service = %q; want %v", got, tt.hashed)
			}
		})
	}
}

// stringValues lists a log record's string values.
func stringValues(rec map[string]any) []string {
	var out []string
	for _, v := range rec {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
