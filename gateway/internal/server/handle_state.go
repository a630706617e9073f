package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// stateReader is what a service's state needs of the store.
type stateReader interface {
	overview.Summaries
	capPrunedReader
}

// handleState answers a service's state, named by the path ({name}) or by ?service=, with what
// its history size cap deleted (history_cap.go).
func handleState(cfg func() *config.Config, db stateReader, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := respond.ServiceName(r)
		if name == "" {
			name = r.URL.Query().Get("service")
			if name == "" {
				respond.Fail(w, r, logger, respond.BadRequest("missing query parameter service, as in ?service=NAME"))
				return
			}
		}
		svc := cfg().Service(name)
		if svc == nil {
			respond.Fail(w, r, logger, respond.NotFound("service %q is not configured", name))
			return
		}
		res, err := overview.Read(r.Context(), db, svc, now())
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		answer := wireState(svc, res)
		if err := addCapPruned(r.Context(), db, &answer); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		respond.JSON(w, http.StatusOK, answer)
	}
}

// wireState writes a result in the answer's form.
func wireState(svc *config.Service, res state.Result) checkin.State {
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
