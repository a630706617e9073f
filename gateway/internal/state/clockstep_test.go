package state

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A clock step of N delays a WARNING by at most N, once, and freezes nothing: a report stamped
// N ahead (the clock stepped back by N after it) is overdue N after it would have been, and
// then as usual; a step forward makes a service overdue early, and a step back again undoes
// it. Schedules keep working across steps of a day either way. The clock is injected: each
// case is one Evaluate at one "now".
func TestEvaluateAcrossClockSteps(t *testing.T) {
	plain := &config.Service{Name: "p", Timeout: time.Hour, Grace: time.Hour}
	nightly := &config.Service{Name: "n", Timeout: time.Hour, Grace: time.Hour, Schedule: mustSchedule(t, "0 2 * * *", "UTC")}
	t0 := at(t, "2026-03-10T02:05:00Z")
	step := 10 * time.Minute
	tests := []struct {
		name   string
		svc    *config.Service
		report time.Time // the newest report's stamp
		now    time.Time
		want   checkin.Status
	}{
		{"stamped 10m ahead: on time until its own deadline", plain, t0.Add(step), t0.Add(time.Hour + 5*time.Minute), checkin.OK},
		{"stamped 10m ahead: WARNING 10m late, not later", plain, t0.Add(step), t0.Add(time.Hour + step + time.Second), checkin.Warning},
		{"stamped 10m ahead: CRITICAL after the grace", plain, t0.Add(step), t0.Add(2*time.Hour + step + time.Second), checkin.Critical},
		{"stepped a day forward: overdue early", plain, t0, t0.Add(24 * time.Hour), checkin.Critical},
		{"and back: on time again", plain, t0, t0.Add(time.Minute), checkin.OK},
		{"schedule: the night's report, a day ahead", nightly, t0.Add(24 * time.Hour), t0.Add(time.Hour), checkin.OK},
		{"schedule: a day ahead, overdue after the next night's run plus a day", nightly, t0.Add(24 * time.Hour), t0.Add(48*time.Hour - 5*time.Minute + time.Hour + time.Second), checkin.Warning},
		{"schedule: stepped a day forward, the missed run is overdue", nightly, t0, t0.Add(24*time.Hour + time.Hour), checkin.Warning},
		{"schedule: and back a day, on time", nightly, t0, t0.Add(time.Hour), checkin.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := History{Latest: Report{Status: checkin.OK, At: tt.report}, LatestOK: Report{Status: checkin.OK, At: tt.report}}
			if got := Evaluate(tt.svc, h, tt.now); got.Status != tt.want {
				t.Errorf("Evaluate(report at %v, now %v) = %v (%v, next due %v); want %v", tt.report, tt.now, got.Status, got.Reason, got.NextDue, tt.want)
			}
		})
	}
}
