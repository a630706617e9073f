package overview

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Every is what a store offers when it can read every service's summary in one go cheaper than
// one by one: PostgreSQL, where each Summary is a query. A list that evaluates many services
// reads them so; a store that keeps its summaries in memory (SQLite) does not need it.
type Every interface {
	EverySummary(ctx context.Context, fn func(service string, sum storage.Summary)) error
}

// everyFrom is how many services a pass of States must evaluate before it reads every summary
// at once rather than each alone.
const everyFrom = 64

// ReadEvery reads every summary from db, by place in cfg.Services(); a configured service the
// store has no summary of gets the zero Summary, and a stored one no longer configured is left
// out.
func ReadEvery(ctx context.Context, db Every, cfg *config.Config) ([]storage.Summary, error) {
	sums := make([]storage.Summary, cfg.Len())
	err := db.EverySummary(ctx, func(name string, sum storage.Summary) {
		if i, ok := cfg.Place(name); ok {
			sums[i] = sum
		}
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}

// Several is what a store offers when it can read the summaries of a list of services in one
// go cheaper than one by one (PostgreSQL): a page of the overview reads its rows so.
type Several interface {
	SummariesOf(ctx context.Context, names []string, fn func(service string, sum storage.Summary)) error
}

// ReadSeveral reads the summaries of svcs and applies the state rules at now, in one query when
// db offers it (Several), else one service at a time.
func ReadSeveral(ctx context.Context, db Summaries, svcs []*config.Service, now time.Time) ([]state.Result, error) {
	out := make([]state.Result, len(svcs))
	several, ok := db.(Several)
	if !ok {
		for i, svc := range svcs {
			res, err := Read(ctx, db, svc, now)
			if err != nil {
				return nil, err
			}
			out[i] = res
		}
		return out, nil
	}
	names := make([]string, len(svcs))
	for i, svc := range svcs {
		names[i] = svc.Name
	}
	sums := make(map[string]storage.Summary, len(svcs))
	if err := several.SummariesOf(ctx, names, func(name string, sum storage.Summary) { sums[name] = sum }); err != nil {
		return nil, err
	}
	for i, svc := range svcs {
		out[i] = Evaluate(svc, sums[svc.Name], now) // the zero Summary for one never checked in
	}
	return out, nil
}
