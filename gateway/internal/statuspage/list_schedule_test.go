package statuspage

import (
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// The services list shows a scheduled service's schedule in words with its zone, and a
// service with one check-in says "1 check-in" on its page.
func TestListShowsScheduleAndCountsInWords(t *testing.T) {
	backendtest.Each(t, testListShowsScheduleAndCountsInWords)
}

func testListShowsScheduleAndCountsInWords(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, `{
		"monthly": {"token": "x", "schedule": "0 2 1 * *", "tz": "Europe/Berlin", "timeout": "3h"},
		"daily":   {"token": "y", "timeout": "1d"}
	}`)
	f.checkin(t, "daily", "OK", "fine")
	code, body, _ := f.get(t, "/status")
	if code != 200 {
		t.Fatalf("GET /status = %d", code)
	}
	for _, want := range []string{"at 02:00 on day 1 of the month, Europe/Berlin; 3h / 1h", "1d / 12h"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /status lacks %q", want)
		}
	}
	if strings.Contains(body, "3h / 12h") {
		t.Errorf("GET /status shows the scheduled service as timeout / grace only")
	}
	_, page, _ := f.get(t, "/status/daily")
	if !strings.Contains(page, ">1 check-in.") || strings.Contains(page, "1 check-ins") {
		t.Errorf("GET /status/daily does not say \"1 check-in.\"")
	}
}
