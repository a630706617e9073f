package statuspage

import (
	"context"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Store is what the status pages read of the check-in database.
type Store interface {
	Summary(ctx context.Context, service string) (store.Summary, error)
	Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error)
}

// evaluate reads a service's newest reports and applies the state rules at now.
func evaluate(ctx context.Context, db Store, svc *config.Service, now time.Time) (state.Result, error) {
	sum, err := db.Summary(ctx, svc.Name)
	if err != nil {
		return state.Result{}, err
	}
	return state.Evaluate(svc, sum.History(), now), nil
}

// reports are the check-ins that carry a status, as the rules see them, in the same order:
// run starts and log entries do not change a state.
func reports(hist []store.Checkin) []state.Report {
	out := make([]state.Report, 0, len(hist))
	for _, c := range hist {
		if c.Kind == checkin.KindReport {
			out = append(out, c.Report())
		}
	}
	return out
}
