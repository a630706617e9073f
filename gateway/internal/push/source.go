package push

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/verdict"
)

// Summaries is what push reads of the store: a service's summary (newest reports, open run),
// from memory on SQLite.
type Summaries = overview.Summaries

// target is what one push sends for a service and what it learns for the next.
type target struct {
	object  string         // the Service in Icinga: "HOST!SERVICE"
	verdict verdict.Result // exactly what check_checkin would print now
	until   time.Time      // the state holds until then; zero: until a check-in
}

// read evaluates svc at now, as GET /api/v1/services/NAME answers and check_checkin renders it.
// Its Icinga Host is the one its "icinga" settings name, else host (the gateway's Host, as
// icinga-config writes them).
func read(ctx context.Context, db Summaries, svc *config.Service, host string, now time.Time) (target, error) {
	sum, err := db.Summary(ctx, svc.Name)
	if err != nil {
		return target{}, fmt.Errorf("read summary of %s: %w", svc.Name, err)
	}
	h := sum.History()
	res := state.Evaluate(svc, h, now)
	if svc.Icinga != nil && svc.Icinga.Host != "" {
		host = svc.Icinga.Host
	}
	return target{
		object:  host + "!" + svc.Name,
		verdict: verdict.Of(svc.Name, overview.Wire(svc, res)),
		until:   state.Until(svc, h, res, now),
	}, nil
}

// schedule is the ttl a push at now tells Icinga, and when the service is pushed next without a
// check-in: just after until, when its state changes, with ttl reaching margin past that; or,
// when that is more than maxTTL away (or never), a refresh margin before a ttl of maxTTL lapses,
// earlier by spread. Either way Icinga runs check_checkin itself only when pushes stopped.
func schedule(now, until time.Time, margin, maxTTL, spread time.Duration) (ttl time.Duration, next time.Time) {
	if !until.IsZero() {
		next = until.Add(time.Millisecond) // strictly after: the state has changed then
		if ttl = next.Sub(now) + margin; ttl <= maxTTL {
			return max(ttl, margin), next
		}
	}
	return maxTTL, now.Add(maxTTL - margin - spread)
}

// spread is a service's own share, up to a quarter of maxTTL, by which its refreshes come
// early: services pushed together (a resync) are refreshed spread out, not all in the same
// second an hour later.
func spread(name string, maxTTL time.Duration) time.Duration {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	return time.Duration(h.Sum64() % uint64(maxTTL/4))
}
