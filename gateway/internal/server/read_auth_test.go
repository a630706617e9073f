package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestReadToken(t *testing.T) {
	const readTok, metricsTok = "read-Secret-1", "metrics-Secret-2"
	f := newFixtureDeps(t, servicesJSON, t.TempDir()+"/c.db", func(d *Deps) { d.ReadToken, d.MetricsToken = readTok, metricsTok })
	reads := []string{"/report?service=backup", "/?service=backup", "/api/v1/services", "/api/v1/services/backup",
		"/api/v1/services/backup/history", "/status", "/status/backup", "/nowhere", "/%61pi/v1/services", "//report?service=backup"}
	type readCase struct {
		name, path, auth string
		open             bool // want anything but 401
	}
	tests := []readCase{
		{"alive needs nothing", "/alive", "", true},
		{"metrics without a token", "/metrics", "", false},
		{"metrics with the metrics token", "/metrics", "Bearer " + metricsTok, true},
		{"metrics with the read token", "/metrics", "Bearer " + readTok, true},
		{"metrics with a wrong token", "/metrics", "Bearer nope", false},
	}
	for _, p := range reads {
		tests = append(tests,
			readCase{p + " without a token", p, "", false},
			readCase{p + " with the read token", p, "Bearer " + readTok, true},
			readCase{p + " with lower-case scheme", p, "bearer " + readTok, true},
			readCase{p + " with the metrics token", p, "Bearer " + metricsTok, false},
			readCase{p + " with a wrong token", p, "Bearer " + readTok + "x", false},
			readCase{p + " with basic auth", p, "Basic " + readTok, false},
			readCase{p + " with an empty bearer", p, "Bearer ", false},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.url+tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			code, body, hdr := roundTrip(t, req)
			if got := code != http.StatusUnauthorized; got != tt.open {
				t.Fatalf("GET %s with %q = %d %s; want open=%v", tt.path, tt.auth, code, body, tt.open)
			}
			if !tt.open {
				if !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer ") {
					t.Errorf("WWW-Authenticate = %q; want Bearer", hdr.Get("WWW-Authenticate"))
				}
				if msg := errorBody(t, hdr, body); !strings.Contains(msg, "token") {
					t.Errorf("401 error = %q; want it to ask for the token", msg)
				}
			}
			if strings.Contains(body, "Secret") {
				t.Errorf("answer echoes a token: %s", body)
			}
		})
	}
	// Check-ins stay open.
	if code, body, _ := f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK"}`); code != 204 {
		t.Errorf("check-in with read protection = %d %s; want 204", code, body)
	}
}

// With only a metrics token, reads stay open and /metrics needs it.
func TestMetricsTokenAlone(t *testing.T) {
	f := newFixtureDeps(t, servicesJSON, t.TempDir()+"/c.db", func(d *Deps) { d.MetricsToken = "m" })
	if code, _, _ := f.do(t, "GET", "/report?service=backup", "", ""); code != 200 {
		t.Errorf("state with only a metrics token = %d; want 200", code)
	}
	if code, _, _ := f.do(t, "GET", "/metrics", "", ""); code != 401 {
		t.Errorf("/metrics without its token = %d; want 401", code)
	}
}
