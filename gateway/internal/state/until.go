package state

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Until is the last moment at which res, the result Evaluate gave for svc and h at now, still
// holds without a new check-in: the first of the deadline (NextDue), the end of its grace and,
// while tolerate_failures keeps a failing service OK, the OK report's own deadline, that is
// not before now. Evaluate at any moment after it may give another status. It is zero when
// only a check-in can change the status (no deadline, or past deadline and grace).
func Until(svc *config.Service, h History, res Result, now time.Time) time.Time {
	var first time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && !now.After(t) && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	if !res.NextDue.IsZero() {
		consider(res.NextDue)
		consider(res.NextDue.Add(svc.Grace))
	}
	failing := h.Latest.Status == checkin.Warning || h.Latest.Status == checkin.Critical
	if svc.TolerateFailures && failing && !h.LatestOK.None() {
		_, okDue := deadline(svc, h.LatestOK.At)
		consider(okDue)
	}
	return first
}
