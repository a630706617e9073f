package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

func TestReadToken(t *testing.T) { backendtest.Each(t, testReadToken) }

func testReadToken(t *testing.T, b backendtest.Backend) {
	const readTok, metricsTok = "read-Secret-1-0123456789abcdef", "metrics-Secret-2-0123456789abcdef"
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.ReadToken, d.MetricsToken = readTok, metricsTok })
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
			code, body, hdr := gatewaytest.RoundTrip(t, req)
			if got := code != http.StatusUnauthorized; got != tt.open {
				t.Fatalf("GET %s with %q = %d %s; want open=%v", tt.path, tt.auth, code, body, tt.open)
			}
			if !tt.open {
				if !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer ") {
					t.Errorf("WWW-Authenticate = %q; want Bearer", hdr.Get("WWW-Authenticate"))
				}
				if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "token") {
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
func TestMetricsTokenAlone(t *testing.T) { backendtest.Each(t, testMetricsTokenAlone) }

func testMetricsTokenAlone(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.MetricsToken = "metrics-0123456789abcdefgh" })
	if code, _, _ := f.do(t, "GET", "/report?service=backup", "", ""); code != 200 {
		t.Errorf("state with only a metrics token = %d; want 200", code)
	}
	if code, _, _ := f.do(t, "GET", "/metrics", "", ""); code != 401 {
		t.Errorf("/metrics without its token = %d; want 401", code)
	}
}

// Guessing the read token is braked per address, apart from failed check-ins, so that a
// client's bad check-ins never lock Icinga out of reading; the right token always passes.
func TestReadTokenFailLimit(t *testing.T) { backendtest.Each(t, testReadTokenFailLimit) }

func testReadTokenFailLimit(t *testing.T, b backendtest.Backend) {
	const readTok = "read-Secret-1-0123456789abcdef"
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.ReadToken, d.AuthFailLimit, d.AuthFailWindow = readTok, 3, time.Minute
	})
	get := func(c *http.Client, auth string) (int, string, http.Header) {
		t.Helper()
		req, _ := http.NewRequest("GET", f.url+"/api/v1/services/backup", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	attacker, icinga := clientFrom("127.0.0.2"), clientFrom("127.0.0.3")
	for i := 0; i < 5; i++ { // a missing token is not a guess
		if code, _, _ := get(attacker, ""); code != http.StatusUnauthorized {
			t.Fatalf("read without a token = %d; want 401", code)
		}
	}
	for i := 0; i < 3; i++ {
		if code, _, _ := get(attacker, "Bearer guess"); code != http.StatusUnauthorized {
			t.Fatalf("wrong read token %d = %d; want 401", i, code)
		}
		if code, _, _ := get(icinga, "Bearer "+readTok); code != http.StatusOK {
			t.Fatalf("read from another address during the guessing = %d; want 200", code)
		}
	}
	code, body, hdr := get(attacker, "Bearer guess")
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "60" {
		t.Errorf("wrong token after 3 wrong tokens = %d Retry-After %q; want 429 with Retry-After 60", code, hdr.Get("Retry-After"))
	}
	if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "too many wrong read tokens") || strings.Contains(body, "Secret") {
		t.Errorf("429 error = %q", msg)
	}
	// Check-ins from that address are counted apart, and still taken.
	if code, body, _ := postFrom(t, attacker, f.url+"/", `{"service": "backup", "token": "secret-backup", "status": "OK"}`); code != 204 {
		t.Errorf("check-in from the guessing address = %d %s; want 204", code, body)
	}
	if code, _, _ := get(attacker, "Bearer "+readTok); code != http.StatusOK {
		t.Errorf("right token from the braked address = %d; want 200", code)
	}
	f.clock.Add(time.Minute)
	if code, _, _ := get(attacker, "Bearer guess"); code != http.StatusUnauthorized {
		t.Errorf("wrong token once the window is over = %d; want 401", code)
	}
}
