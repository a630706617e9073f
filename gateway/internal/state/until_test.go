package state

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Until names the moment the status may change; just after it, Evaluate gives another status,
// and at it, the same one.
func TestUntil(t *testing.T) {
	const h = time.Hour
	day := &config.Service{Name: "d", Timeout: 24 * h, Grace: 12 * h}
	never := &config.Service{Name: "n", Grace: 12 * h}
	tolerant := &config.Service{Name: "t", Timeout: 24 * h, Grace: 12 * h, TolerateFailures: true}
	capped := &config.Service{Name: "m", Timeout: 24 * h, Grace: h, MaxRuntime: 2 * h}
	// A run at 10:00 UTC every day, an hour's timeout, two hours' grace; now is 12:00.
	daily := &config.Service{Name: "s", Schedule: mustSchedule(t, "0 10 * * *", "UTC"), Timeout: h, Grace: 2 * h}
	tests := []struct {
		name string
		svc  *config.Service
		h    History
		want time.Time // zero: only a check-in changes it
	}{
		{"never reported", day, History{}, time.Time{}},
		{"fresh", day, History{Latest: rep(checkin.OK, "", h)}, ago(h).Add(24 * h)},
		{"overdue: the end of grace", day, History{Latest: rep(checkin.OK, "", 30*h)}, ago(30 * h).Add(36 * h)},
		{"expired", day, History{Latest: rep(checkin.OK, "", 40*h)}, time.Time{}},
		{"timeout 0", never, History{Latest: rep(checkin.OK, "", 1000*h)}, time.Time{}},
		{"tolerated: the OK report's deadline", tolerant,
			History{Latest: rep(checkin.Critical, "", h), LatestOK: rep(checkin.OK, "", 20*h)}, ago(20 * h).Add(24 * h)},
		{"scheduled: the next run's due time + timeout", daily, History{Latest: rep(checkin.OK, "", h)},
			time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)},
		{"scheduled run missed: its grace", daily, History{Latest: rep(checkin.OK, "", 25*h+55*time.Minute)},
			time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)},
		{"open run: max_runtime", capped, History{Latest: rep(checkin.OK, "", 3*h), RunningSince: ago(h)}, ago(h).Add(2 * h)},
		{"open run too long: its grace", capped, History{Latest: rep(checkin.OK, "", 3*h), RunningSince: ago(150 * time.Minute)},
			ago(150 * time.Minute).Add(3 * h)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(tt.svc, tt.h, now)
			got := Until(tt.svc, tt.h, res, now)
			if !got.Equal(tt.want) {
				t.Fatalf("Until = %v; want %v", got, tt.want)
			}
			if got.IsZero() {
				return
			}
			if at := Evaluate(tt.svc, tt.h, got); at.Status != res.Status {
				t.Errorf("Evaluate at Until = %v; want still %v", at.Status, res.Status)
			}
			if after := Evaluate(tt.svc, tt.h, got.Add(time.Nanosecond)); after.Status == res.Status && after.Reason == res.Reason {
				t.Errorf("Evaluate just after Until = %v (%v); want a change from %v", after.Status, after.Reason, res.Status)
			}
		})
	}
}
