package writes

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// ClockSteps: the gateway's clock (injected here: each check-in carries the time it read)
// steps back. A report stamped more than a minute ahead of a later arrival never hides it: the
// later arrival is the newest, and the service goes overdue from it. Within a minute the times
// decide, as for two gateways whose clocks differ a little.
func ClockSteps(t *testing.T, open func(t *testing.T) kit.Store) {
	svc := &config.Service{Name: "a", Timeout: time.Hour, Grace: time.Hour}
	year := 365 * 24 * time.Hour
	tests := []struct {
		name             string
		stored           []storage.Checkin // in arrival order
		wantLatest, okID string            // infos of Latest and LatestOK ("" for none)
		at               time.Time         // when the state is evaluated
		wantState        checkin.Status
	}{
		{"a CRITICAL a year ahead, then OK after the step back", []storage.Checkin{
			at(checkin.Critical, "ahead", year), at(checkin.OK, "after", time.Minute)},
			"after", "after", kit.T0.Add(30 * time.Minute), checkin.OK},
		{"no freeze: overdue an hour after the arrival past the step", []storage.Checkin{
			at(checkin.Critical, "ahead", year), at(checkin.OK, "after", time.Minute)},
			"after", "after", kit.T0.Add(90 * time.Minute), checkin.Warning},
		{"a 10 minute step back: the next report is the newest", []storage.Checkin{
			at(checkin.OK, "during", 10*time.Minute), at(checkin.Critical, "after", time.Minute)},
			"after", "during", kit.T0.Add(2 * time.Minute), checkin.Critical},
		{"within a minute the times decide", []storage.Checkin{
			at(checkin.OK, "first", 30*time.Second), at(checkin.Warning, "second", 0)},
			"first", "first", kit.T0.Add(time.Minute), checkin.OK},
		{"a step forward of a day: the later report is the newest", []storage.Checkin{
			at(checkin.Warning, "before", 0), at(checkin.OK, "after", 24*time.Hour)},
			"after", "after", kit.T0.Add(24*time.Hour + time.Minute), checkin.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := kit.MustOpen(t, open)
			for _, c := range tt.stored {
				kit.MustAdd(t, s, c)
			}
			sum := kit.MustSummary(t, s, "a")
			if sum.Latest.Info != tt.wantLatest || sum.LatestOK.Info != tt.okID {
				t.Errorf("Summary = latest %q, latest OK %q; want %q, %q", sum.Latest.Info, sum.LatestOK.Info, tt.wantLatest, tt.okID)
			}
			if got := state.Evaluate(svc, sum.History(), tt.at); got.Status != tt.wantState {
				t.Errorf("Evaluate at kit.T0+%v = %v (%v); want %v", tt.at.Sub(kit.T0), got.Status, got.Reason, tt.wantState)
			}
			if len(kit.MustHistory(t, s, "a", 10)) != len(tt.stored) {
				t.Errorf("history lost a check-in")
			}
		})
	}
}

// at is a report of service "a" stamped kit.T0 plus d.
func at(status checkin.Status, info string, d time.Duration) storage.Checkin {
	return storage.Checkin{Service: "a", Status: status, Info: info, At: kit.T0.Add(d)}
}
