package overview

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Every is what a store offers when it can read every service's summary in one go cheaper than
// one by one: PostgreSQL, where each Summary is a query. A list that evaluates many services
// reads them so; a store that keeps its summaries in memory (SQLite) does not need it.
type Every interface {
	EverySummary(ctx context.Context, fn func(service string, sum store.Summary)) error
}

// everyFrom is how many services a pass of States must evaluate before it reads every summary
// at once rather than each alone.
const everyFrom = 64

// ReadEvery reads every summary from db, by place in cfg.Services(); a configured service the
// store has no summary of gets the zero Summary, and a stored one no longer configured is left
// out.
func ReadEvery(ctx context.Context, db Every, cfg *config.Config) ([]store.Summary, error) {
	sums := make([]store.Summary, cfg.Len())
	err := db.EverySummary(ctx, func(name string, sum store.Summary) {
		if i, ok := cfg.Place(name); ok {
			sums[i] = sum
		}
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}
