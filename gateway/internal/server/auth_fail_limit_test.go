package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// clientFrom returns an HTTP client whose connections come from the loopback address ip, so
// that a test can act as several client addresses.
func clientFrom(ip string) *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
	}}
}

func postFrom(t *testing.T, c *http.Client, url, body string) (int, string, http.Header) {
	t.Helper()
	return sendFrom(t, c, "POST", url, body, nil)
}

// sendFrom sends a request with the headers hdr through c.
func sendFrom(t *testing.T, c *http.Client, method, url, body string, hdr http.Header) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// logTo makes the fixture's gateway log to a buffer, at level.
func logTo(logs *checkintest.SyncBuffer, level slog.Level) func(*Deps) {
	return func(d *Deps) { d.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level})) }
}

func checkinJSON(service, token string) string {
	return `{"service": "` + service + `", "token": "` + token + `", "status": "OK"}`
}

// Only failed authentications count, per address and service; malformed requests never do.
func TestAuthFailLimit(t *testing.T) { backendtest.Each(t, testAuthFailLimit) }

func testAuthFailLimit(t *testing.T, b backendtest.Backend) {
	logs := &checkintest.SyncBuffer{}
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.AuthFailLimit, d.AuthFailWindow = 3, time.Minute
		logTo(logs, slog.LevelInfo)(d)
	})
	attacker, other := clientFrom("127.0.0.2"), clientFrom("127.0.0.3")
	good := checkinJSON("backup", "secret-backup")
	// A client retrying malformed check-ins guesses nothing: it gets its 4xx, never 429.
	for i := 0; i < 10; i++ {
		for _, bad := range []string{
			`{"service": "backup", "token": "secret-backup", "status": "FINE"}`,
			`{"service": "backup", "token": "` + strings.Repeat("x", 70<<10) + `", "status": "OK"}`,
			`not json`,
		} {
			if code, body, _ := postFrom(t, attacker, f.url+"/", bad); code/100 != 4 || code == 429 {
				t.Fatalf("malformed check-in %d = %d %s; want its own 4xx, never 429", i, code, body)
			}
		}
	}
	for i := 0; i < 3; i++ {
		if code, body, _ := postFrom(t, attacker, f.url+"/", checkinJSON("backup", "guess")); code != 401 {
			t.Fatalf("wrong token %d = %d %s; want 401", i, code, body)
		}
		// A correct client elsewhere is never held up.
		if code, body, _ := postFrom(t, other, f.url+"/", good); code != 204 {
			t.Fatalf("correct client during the guessing = %d %s; want 204", code, body)
		}
	}
	code, body, hdr := postFrom(t, attacker, f.url+"/report", good)
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "60" {
		t.Errorf("check-in after 3 failures = %d Retry-After %q; want 429 with Retry-After 60", code, hdr.Get("Retry-After"))
	}
	if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "too many failed check-ins") {
		t.Errorf("429 error = %q", msg)
	}
	// Another service from the same address is not refused.
	if code, body, _ := postFrom(t, attacker, f.url+"/", checkinJSON("laptop", "secret-laptop")); code != 204 {
		t.Errorf("other service from the refused address = %d %s; want 204", code, body)
	}
	// Names no service has share one count per address.
	for _, name := range []string{"nosuch-1", "nosuch-2", "nosuch-3"} {
		if code, _, _ := postFrom(t, attacker, f.url+"/", checkinJSON(name, "x")); code != 401 {
			t.Errorf("unknown service %s = %d; want 401", name, code)
		}
	}
	if code, _, _ := postFrom(t, attacker, f.url+"/", checkinJSON("nosuch-4", "x")); code != 429 {
		t.Errorf("fourth unknown name = %d; want 429", code)
	}
	if code, _, _ := postFrom(t, other, f.url+"/", checkinJSON("nosuch-4", "x")); code != 401 {
		t.Errorf("unknown name from another address = %d; want 401", code)
	}
	if code, body, _ := postFrom(t, attacker, f.url+"/", checkinJSON("laptop", "secret-laptop")); code != 204 {
		t.Errorf("known service after unknown names were refused = %d %s; want 204", code, body)
	}
	if n := f.stored(t); n != 5 {
		t.Errorf("stored %d check-ins; want 5", n)
	}
	f.clock.Add(59 * time.Second)
	if _, _, hdr := postFrom(t, attacker, f.url+"/", good); hdr.Get("Retry-After") != "1" {
		t.Errorf("Retry-After a second before the window ends = %q; want 1", hdr.Get("Retry-After"))
	}
	f.clock.Add(time.Second)
	if code, body, _ := postFrom(t, attacker, f.url+"/", good); code != 204 {
		t.Errorf("check-in once the window is over = %d %s; want 204", code, body)
	}
	rejected, _ := f.scrape(t)
	for reason, want := range map[string]float64{"unauthorized": 7, "bad_request": 20, "too_large": 10, "rate_limited": 3, "timeout": 0} {
		if got := rejected[`checkin_checkins_rejected_total{reason="`+reason+`"}`]; got != want {
			t.Errorf("checkin_checkins_rejected_total{reason=%q} = %v; want %v", reason, got, want)
		}
	}
	// Each refusal is logged once, when it begins.
	refusals := grepLines(logs.String(), "client refused")
	if len(refusals) != 2 || !strings.Contains(refusals[0], "client=127.0.0.2 service=backup") ||
		!strings.Contains(refusals[0], "until=2026-11-25T12:01:00Z") || !strings.Contains(refusals[1], "client=127.0.0.2 service=") {
		t.Errorf("refusal log lines = %q; want one for backup and one for unknown names, from 127.0.0.2", refusals)
	}
}

// grepLines returns the lines of s that contain substr.
func grepLines(s, substr string) []string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestAuthFailLimitOff(t *testing.T) { backendtest.Each(t, testAuthFailLimitOff) }

func testAuthFailLimitOff(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.AuthFailLimit = 0 })
	for i := 0; i < 50; i++ {
		if code, _, _ := f.do(t, "POST", "/", "application/json", checkinJSON("backup", "x")); code != 401 {
			t.Fatalf("failure %d with the limit off = %d; want 401", i, code)
		}
	}
}
