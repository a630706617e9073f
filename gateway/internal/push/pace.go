package push

import (
	"context"
	"sync"
	"time"
)

// pace spaces the pushes of all workers to at most rate a second, after a first burst of
// paceBurst. A burst of changes (a fleet's deadlines passing at once, a resync) then takes a
// share of the machine instead of all of it: on a small host that Icinga and the gateway share,
// check-ins keep their latency while the burst drains. At rest it never waits.
type pace struct {
	every time.Duration // 0: no limit
	mu    sync.Mutex
	next  time.Time // the earliest moment of the next push, before the burst allowance
}

// paceBurst is how many pushes may go at once before the rate holds.
const paceBurst = 50

func newPace(rate int) *pace {
	if rate <= 0 {
		return &pace{}
	}
	return &pace{every: time.Second / time.Duration(rate)}
}

// wait blocks until the next push may go; false once ctx ends.
func (p *pace) wait(ctx context.Context) bool {
	if p.every == 0 {
		return ctx.Err() == nil
	}
	p.mu.Lock()
	now := time.Now()
	at := p.next
	if earliest := now.Add(-paceBurst * p.every); at.Before(earliest) {
		at = earliest
	}
	p.next = at.Add(p.every)
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
