package server

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// The gateway's clock steps back by a day after a CRITICAL check-in: the OK that arrives next
// is the newest (the state API says OK, not the CRITICAL stamped ahead), each answered 204;
// while only the report stamped ahead is there, /metrics counts it in
// checkin_services_stamped_ahead; the step itself is logged once and counted in
// checkin_clock_steps_back_total. The clock is injected.
func TestClockStepBack(t *testing.T) { backendtest.Each(t, testClockStepBack) }

func testClockStepBack(t *testing.T, b backendtest.Backend) {
	var logs checkintest.SyncBuffer
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	f.checkin(t, "backup", "secret-backup", "CRITICAL", "stamped ahead")
	f.clock.Add(-24 * time.Hour)
	if got, _ := f.scrape(t); got["checkin_services_stamped_ahead"] != 1 {
		t.Errorf("checkin_services_stamped_ahead = %v after the step back; want 1", got["checkin_services_stamped_ahead"])
	}
	f.checkin(t, "backup", "secret-backup", "OK", "after the step")
	code, body, _ := f.do(t, "GET", "/api/v1/services/backup", "", "")
	if code != 200 || !strings.Contains(body, `"status":"OK"`) || !strings.Contains(body, "after the step") {
		t.Errorf("state after the step back = %d %s; want OK from the check-in after the step", code, body)
	}
	f.checkin(t, "laptop", "secret-laptop", "OK", "")
	got, _ := f.scrape(t)
	if got["checkin_services_stamped_ahead"] != 0 || got["checkin_clock_steps_back_total"] != 1 {
		t.Errorf("after new check-ins checkin_services_stamped_ahead = %v, checkin_clock_steps_back_total = %v; want 0 and 1",
			got["checkin_services_stamped_ahead"], got["checkin_clock_steps_back_total"])
	}
	if n := strings.Count(logs.String(), "the clock stepped back"); n != 1 || !strings.Contains(logs.String(), "by=24h0m0s") {
		t.Errorf("log has %d lines on the step (want 1, by=24h0m0s):\n%s", n, logs.String())
	}
}
