package statuspage

import (
	"context"
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

// reports are check-ins as the rules see them, in the same order.
func reports(hist []store.Checkin) []state.Report {
	out := make([]state.Report, len(hist))
	for i, c := range hist {
		out[i] = c.Report()
	}
	return out
}
