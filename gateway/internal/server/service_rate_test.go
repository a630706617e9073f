package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
)

const rateServices = `{
	"backup": {"token": "secret-backup", "timeout": "1d", "ping_uuid": "` + pingUUID + `", "rate": "10/m burst 5"},
	"laptop": {"token": "secret-laptop", "timeout": "1d"},
	"free":   {"token": "secret-free", "timeout": "1d", "rate": "off"}
}`

// One service flooding gets 429 once over its rate, for check-ins and pings alike, with
// Retry-After and its limit named; nothing more of it is stored; another service's check-ins
// in between are all stored; the refusals are counted per service. Time stands still, so the
// flood is one instant.
func TestServiceRate(t *testing.T) { backendtest.Each(t, testServiceRate) }

func testServiceRate(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), rateServices, func(d *Deps) { d.Rate = ratelimit.Default })
	backup := `{"service": "backup", "token": "secret-backup", "status": "OK"}`
	laptop := `{"service": "laptop", "token": "secret-laptop", "status": "OK"}`
	var got []int
	for i := range 100 {
		var code int
		if i%2 == 0 {
			code, _, _ = f.do(t, "POST", "/", "application/json", backup)
		} else {
			code, _, _ = f.do(t, "GET", "/ping/"+pingUUID, "", "")
		}
		got = append(got, code)
		if i%2 == 1 {
			continue // laptop's 50 stay within the default burst of 60
		}
		if code, body, _ := f.do(t, "POST", "/", "application/json", laptop); code != http.StatusNoContent {
			t.Fatalf("laptop's check-in %d during backup's flood = %d %s; want 204", i+1, code, body)
		}
	}
	for i, code := range got {
		want := http.StatusTooManyRequests
		if i < 5 {
			want = http.StatusNoContent
			if i%2 == 1 {
				want = http.StatusOK // a ping's answer
			}
		}
		if code != want {
			t.Fatalf("backup's request %d = %d; want %d (burst 5, then 429): all %v", i+1, code, want, got)
		}
	}
	code, body, hdr := f.do(t, "POST", "/api/v1/checkins", "application/json", backup)
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "6" {
		t.Fatalf("over the rate = %d Retry-After %q; want 429 and 6 (10/m: one every 6 s)", code, hdr.Get("Retry-After"))
	}
	if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, `"backup"`) || !strings.Contains(msg, "10/m burst 5") {
		t.Errorf("429 error = %q; want it to name the service and its rate", msg)
	}
	code, body, hdr = f.do(t, "POST", "/ping/"+pingUUID+"/fail", "", "")
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "6" || !strings.Contains(body, "10/m burst 5") {
		t.Errorf("ping over the rate = %d Retry-After %q %q; want 429, 6 and the rate", code, hdr.Get("Retry-After"), body)
	}
	if h, err := f.store.HistoryPage(context.Background(), "backup", 1000, 0); err != nil || len(h) != 5 {
		t.Errorf("backup has %d check-ins stored, %v; want the burst, 5", len(h), err)
	}
	if h, _ := f.store.HistoryPage(context.Background(), "laptop", 1000, 0); len(h) != 50 {
		t.Errorf("laptop has %d check-ins stored; want all 50", len(h))
	}
	series, _ := f.scrape(t)
	if n := series[`checkin_checkins_rate_limited_total{service="backup"}`]; n != 97 {
		t.Errorf("rate_limited_total for backup = %v; want 97", n)
	}
	if n := series[`checkin_checkins_rate_limited_total{service="laptop"}`]; n != 0 {
		t.Errorf("rate_limited_total for laptop = %v; want 0", n)
	}
	if n := series[`checkin_checkins_rejected_total{reason="over_rate"}`]; n != 97 {
		t.Errorf("rejected_total over_rate = %v; want 97", n)
	}

	// Six seconds give one more.
	f.clock.Add(6 * time.Second)
	f.checkin(t, "backup", "secret-backup", "OK", "after a pause")
	if code, _, _ := f.do(t, "POST", "/", "application/json", backup); code != http.StatusTooManyRequests {
		t.Errorf("second check-in after 6 s = %d; want 429", code)
	}
	// A wrong token never uses up the service's rate, and is told so, not 429.
	if code, _, _ := f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "wrong", "status": "OK"}`); code != http.StatusUnauthorized {
		t.Errorf("wrong token for a service over its rate = %d; want 401", code)
	}
	// "rate": "off" has no limit.
	for i := range 200 {
		if code, body, _ := f.do(t, "POST", "/", "application/json", `{"service": "free", "token": "secret-free", "status": "OK"}`); code != http.StatusNoContent {
			t.Fatalf("check-in %d of a service with rate off = %d %s; want 204", i+1, code, body)
		}
	}
}

// The default rate takes what the older gateway's clients send: a run's start and finish, a
// retry of each, every minute of the day, without one 429.
func TestDefaultRateTakesRuns(t *testing.T) { backendtest.Each(t, testDefaultRateTakesRuns) }

func testDefaultRateTakesRuns(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), rateServices, func(d *Deps) { d.Rate = ratelimit.Default })
	for minute := range 120 {
		for _, body := range []string{
			`{"service": "laptop", "token": "secret-laptop", "status": "OK", "kind": "start", "run_id": "r%d"}`,
			`{"service": "laptop", "token": "secret-laptop", "status": "OK", "kind": "start", "run_id": "r%d"}`,
			`{"service": "laptop", "token": "secret-laptop", "status": "OK", "run_id": "r%d"}`,
			`{"service": "laptop", "token": "secret-laptop", "status": "OK", "run_id": "r%d"}`,
		} {
			if code, resp, _ := f.do(t, "POST", "/", "application/json", fmt.Sprintf(body, minute)); code != http.StatusNoContent {
				t.Fatalf("minute %d: %s = %d %s; want 204", minute, body, code, resp)
			}
		}
		f.clock.Add(time.Minute)
	}
}
