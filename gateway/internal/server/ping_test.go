package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

const (
	pingUUID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
	pingKey  = "pk_0123456789abcdefghijKL"
)

const pingServices = `{
	"backup": {"token": "secret-backup", "timeout": "1d", "ping_uuid": "` + pingUUID + `"},
	"laptop": {"token": "secret-laptop", "timeout": "1d"}
}`

// TestPingMountedBesideTheAPI: pings need no read token, and the state, history and metrics
// see a ping-made check-in like any other, without the uuid.
func TestPingMountedBesideTheAPI(t *testing.T) { backendtest.Each(t, testPingMountedBesideTheAPI) }

func testPingMountedBesideTheAPI(t *testing.T, b backendtest.Backend) {
	const readTok = "read-token-0123456789abcdef"
	f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) { d.ReadToken = readTok; d.PingKey = pingKey })
	for _, p := range []struct{ method, path, body string }{
		{"GET", "/ping/" + pingUUID + "/fail", ""},
		{"HEAD", "/ping/" + pingKey + "/laptop", ""},
		{"POST", "/ping/" + pingUUID + "/2", "tape jammed"},
	} {
		if code, body, _ := f.do(t, p.method, p.path, "text/plain", p.body); code != http.StatusOK {
			t.Fatalf("%s %s = %d %q; want 200 without a read token", p.method, p.path, code, body)
		}
	}
	read := func(path string) string {
		req, _ := http.NewRequest("GET", f.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+readTok)
		code, body, _ := gatewaytest.RoundTrip(t, req)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d %s", path, code, body)
		}
		return body
	}
	var state struct{ Status, Info string }
	if err := json.Unmarshal([]byte(read("/api/v1/services/backup")), &state); err != nil {
		t.Fatal(err)
	}
	if state.Status != "CRITICAL" || state.Info != "exit status 2: tape jammed" {
		t.Errorf("state = %+v; want CRITICAL, exit status 2: tape jammed", state)
	}
	if hist := read("/api/v1/services/laptop/history"); !strings.Contains(hist, `"status":"OK"`) {
		t.Errorf("laptop history = %s; want the HEAD ping as OK", hist)
	}
	m := read("/metrics")
	for _, want := range []string{
		`checkin_checkins_received_total{status="CRITICAL"} 2`,
		`checkin_checkins_received_total{status="OK"} 1`,
		`route="/ping/*"`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(m, pingUUID) || strings.Contains(m, pingKey) {
		t.Errorf("/metrics shows a ping uuid or key")
	}
}

// TestPingSharesTheCheckinFailureLimit: wrong ping targets and check-ins for unknown services
// fill the same count.
func TestPingSharesTheCheckinFailureLimit(t *testing.T) {
	backendtest.Each(t, testPingSharesTheCheckinFailureLimit)
}

func testPingSharesTheCheckinFailureLimit(t *testing.T, b backendtest.Backend) {
	const wrongPing = "/ping/11111111-2222-4333-8444-555555555555"
	const unknownCheckin = `{"service": "nosuch", "token": "x", "status": "OK"}`
	tests := []struct {
		name  string
		first func(f *fixture) int // one failure of the first kind; returns its code
		then  func(f *fixture) int // after the limit: one request of the other kind
	}{
		{"wrong pings, then a check-in",
			func(f *fixture) int { c, _, _ := f.do(t, "GET", wrongPing, "", ""); return c },
			func(f *fixture) int { c, _, _ := f.do(t, "POST", "/", "application/json", unknownCheckin); return c }},
		{"bad check-ins, then a wrong ping",
			func(f *fixture) int { c, _, _ := f.do(t, "POST", "/", "application/json", unknownCheckin); return c },
			func(f *fixture) int { c, _, _ := f.do(t, "POST", wrongPing, "", ""); return c }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) {
				d.AuthFailLimit, d.AuthFailWindow = 3, time.Minute
			})
			for i := range 3 {
				if code := tt.first(f); code != 404 && code != 401 {
					t.Fatalf("failure %d answered %d; want 404 or 401", i+1, code)
				}
			}
			if code := tt.then(f); code != http.StatusTooManyRequests {
				t.Errorf("after 3 failures: %d; want 429", code)
			}
		})
	}
}
