package statuspage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A scheduled service's page says its schedule in words with its zone, when it is next due in
// that zone and in UTC, and shows a run's start as such, not as a status.
func TestScheduledServicePage(t *testing.T) { backendtest.Each(t, testScheduledServicePage) }

func testScheduledServicePage(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, `{"monthly": {"token": "x", "schedule": "0 2 1 * *", "tz": "Europe/Berlin", "timeout": "1h", "max_runtime": "3h"}}`)
	ctx := context.Background()
	if err := f.store.Add(ctx, storage.Checkin{Service: "monthly", Kind: checkin.KindStart, At: f.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(2 * time.Minute)
	f.checkin(t, "monthly", "OK", "42 GB")
	code, body, _ := f.get(t, "/status/monthly")
	if code != 200 {
		t.Fatalf("GET /status/monthly = %d", code)
	}
	for _, want := range []string{
		"Runs at 02:00 on day 1 of the month, Europe/Berlin.",
		"WARNING when no check-in arrives within 1 hour of a scheduled time",
		"A started run must finish within 3 hours.",
		"2026-12-01 03:00 CET (2026-12-01 02:00 UTC)",
		"<dt>Last run took</dt><dd>2m</dd>",
		`<span class="badge none">START</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /status/monthly lacks %q", want)
		}
	}
}
