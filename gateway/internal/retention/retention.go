// Package retention deletes old check-ins in the background: once shortly after start, then
// on a ticker.
package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Pruner deletes check-ins received before a time, keeping each service's newest keep.
type Pruner interface {
	Prune(ctx context.Context, before time.Time, keep int, opts storage.PruneOptions) (int, error)
}

// Policy says what to keep and how often to look.
type Policy struct {
	// Age is how long check-ins are kept; 0 keeps them forever.
	Age time.Duration
	// Keep is how many of each service's newest check-ins are kept whatever their age.
	Keep int
	// FirstAfter is the wait after start before the first pass; Every the wait between passes.
	FirstAfter, Every time.Duration
	// Pace is handed to the store: rows per transaction and the pause between them.
	Pace storage.PruneOptions
}

// DefaultPolicy is the policy the gateway runs with, apart from Age and Keep.
var DefaultPolicy = Policy{
	FirstAfter: time.Minute,
	Every:      time.Hour,
	Pace:       storage.PruneOptions{Batch: 1000, Pause: 20 * time.Millisecond},
}

// Run prunes p by the policy until ctx ends. It returns at once when Age is 0.
func Run(ctx context.Context, p Pruner, pol Policy, now func() time.Time, log *slog.Logger) {
	if pol.Age <= 0 {
		return
	}
	timer := time.NewTimer(pol.FirstAfter)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		Once(ctx, p, pol, now, log)
		timer.Reset(pol.Every)
	}
}

// Once runs one pass and logs its outcome.
func Once(ctx context.Context, p Pruner, pol Policy, now func() time.Time, log *slog.Logger) {
	start := time.Now()
	before := now().Add(-pol.Age)
	n, err := p.Prune(ctx, before, pol.Keep, pol.Pace)
	if err != nil && ctx.Err() == nil {
		log.Error("retention: prune failed", "deleted", n, "err", err)
		return
	}
	level := slog.LevelInfo
	if n == 0 {
		level = slog.LevelDebug
	}
	log.Log(ctx, level, "retention: pruned old check-ins", "deleted", n, "before", before.UTC().Format(time.RFC3339),
		"keep_per_service", pol.Keep, "duration", time.Since(start).Round(time.Millisecond))
}
