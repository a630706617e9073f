// Package overview evaluates every configured service at one moment for the lists that show
// them all (the status page, GET /api/v1/services, /metrics): the order worst first, the
// counts per state, the search and the state filter. It reads only the store's in-memory
// summaries, so a list of 100,000 services costs no database read.
package overview

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Summaries is what the lists read of the store: each service's summary, from memory.
type Summaries interface {
	Summary(ctx context.Context, service string) (storage.Summary, error)
}

// Worst lists the states worst first, the order of the status page. UNKNOWN comes after
// WARNING: here it mostly means a service that never checked in yet, or a client that could
// not tell, which is less pressing than a known failure or a late report.
var Worst = []checkin.Status{checkin.Critical, checkin.Warning, checkin.Unknown, checkin.OK}

// Rank is a state's place in Worst: 0 for CRITICAL, 3 for OK.
func Rank(s checkin.Status) int {
	switch s {
	case checkin.Critical:
		return 0
	case checkin.Warning:
		return 1
	case checkin.Unknown:
		return 2
	default:
		return 3
	}
}

// Evaluate applies the state rules to a service's summary at now.
func Evaluate(svc *config.Service, sum storage.Summary, now time.Time) state.Result {
	return state.Evaluate(svc, sum.History(), now)
}

// Read reads a service's summary and applies the state rules at now.
func Read(ctx context.Context, db Summaries, svc *config.Service, now time.Time) (state.Result, error) {
	sum, err := db.Summary(ctx, svc.Name)
	if err != nil {
		return state.Result{}, err
	}
	return Evaluate(svc, sum, now), nil
}

// firstAfter is the index of the first of the sorted names that sorts after after.
func firstAfter(names []string, after string) int {
	if after == "" {
		return 0
	}
	lo, hi := 0, len(names)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if names[m] <= after {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
