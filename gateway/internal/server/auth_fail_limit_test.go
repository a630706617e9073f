package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
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
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestAuthFailLimit(t *testing.T) {
	f := newFixtureDeps(t, servicesJSON, t.TempDir()+"/c.db", func(d *Deps) {
		d.AuthFailLimit, d.AuthFailWindow = 3, time.Minute
	})
	attacker, other := clientFrom("127.0.0.2"), clientFrom("127.0.0.3")
	good := `{"service": "backup", "token": "secret-backup", "status": "OK"}`
	for _, bad := range []string{
		`{"service": "backup", "token": "guess-1", "status": "OK"}`,
		`{"service": "backup", "token": "guess-2", "status": "FINE"}`,
		`{"service": "backup", "token": "` + strings.Repeat("x", 70<<10) + `", "status": "OK"}`,
	} {
		if code, body, _ := postFrom(t, attacker, f.url+"/", bad); code/100 != 4 || code == 429 {
			t.Fatalf("failed check-in = %d %s; want its own 4xx before the limit", code, body)
		}
		// A correct client elsewhere is never held up.
		if code, body, _ := postFrom(t, other, f.url+"/", good); code != 204 {
			t.Fatalf("correct client during the attack = %d %s; want 204", code, body)
		}
	}
	code, body, hdr := postFrom(t, attacker, f.url+"/report", good)
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "60" {
		t.Errorf("check-in after 3 failures = %d Retry-After %q; want 429 with Retry-After 60", code, hdr.Get("Retry-After"))
	}
	if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "too many failed check-ins") {
		t.Errorf("429 error = %q", msg)
	}
	if n := f.stored(t); n != 3 {
		t.Errorf("stored %d check-ins; want the other client's 3", n)
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
	for reason, want := range map[string]float64{"unauthorized": 1, "bad_request": 1, "too_large": 1, "rate_limited": 2, "timeout": 0} {
		if got := rejected[`checkin_checkins_rejected_total{reason="`+reason+`"}`]; got != want {
			t.Errorf("checkin_checkins_rejected_total{reason=%q} = %v; want %v", reason, got, want)
		}
	}
}

func TestAuthFailLimitOff(t *testing.T) {
	f := newFixtureDeps(t, servicesJSON, t.TempDir()+"/c.db", func(d *Deps) { d.AuthFailLimit = 0 })
	for i := 0; i < 50; i++ {
		if code, _, _ := f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "x", "status": "OK"}`); code != 401 {
			t.Fatalf("failure %d with the limit off = %d; want 401", i, code)
		}
	}
}
