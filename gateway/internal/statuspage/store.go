package statuspage

import (
	"context"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Store is what the status pages read of the check-in database: the summaries (from memory)
// for the states, the recent check-ins for one service's timeline and history.
type Store interface {
	overview.Summaries
	Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error)
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
