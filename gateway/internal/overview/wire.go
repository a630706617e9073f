package overview

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Wire writes a result in the form of the state answer (GET /api/v1/services/NAME), which
// check_checkin reads and push mode renders (shared/verdict).
func Wire(svc *config.Service, res state.Result) checkin.State {
	answer := checkin.State{
		Service:        svc.Name,
		Status:         res.Status,
		Info:           res.Info(),
		TimeoutSeconds: int64(res.Timeout / time.Second),
		GraceSeconds:   int64(res.Grace / time.Second),
		Overdue:        res.IsOverdue(),
		Owner:          svc.Owner,
	}
	if !res.Latest.None() {
		at := res.Latest.At.UTC()
		status := res.Latest.Status
		age := int64(res.Age / time.Second)
		answer.Timestamp = at.Unix()
		answer.ReportedStatus, answer.ReportedAt, answer.AgeSeconds = &status, &at, &age
	}
	if svc.Schedule != nil {
		answer.Schedule, answer.TZ = svc.Schedule.String(), svc.Schedule.Location().String()
	}
	answer.NextDueAt = utcOrNil(res.NextDue)
	answer.RunningSince = utcOrNil(res.RunningSince)
	if res.LastDuration > 0 {
		secs := res.LastDuration.Seconds()
		answer.LastDurationSeconds = &secs
	}
	return answer
}

// utcOrNil is t in UTC, or nil for the zero time.
func utcOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
