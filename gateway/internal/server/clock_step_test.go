package server

import (
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// The gateway's clock steps back by a day after a CRITICAL check-in: the OK that arrives next
// is the newest (the state API says OK, not the CRITICAL stamped ahead), each answered 204;
// while only the report stamped ahead is there, /metrics counts it in
// checkin_services_stamped_ahead. The clock is injected.
func TestClockStepBack(t *testing.T) { backendtest.Each(t, testClockStepBack) }

func testClockStepBack(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
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
	if got, _ := f.scrape(t); got["checkin_services_stamped_ahead"] != 0 {
		t.Errorf("checkin_services_stamped_ahead = %v after a new check-in; want 0", got["checkin_services_stamped_ahead"])
	}
}
