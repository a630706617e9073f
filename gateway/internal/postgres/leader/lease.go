package leader

import (
	"context"
	"sync"
	"time"
)

// Lease is a term's right to push. The leader renews it with every heartbeat that PostgreSQL
// answers, counted from the moment the heartbeat was sent; it lapses when no heartbeat was
// answered for longer than its bound, and at once when the connection fails.
//
// The bound is shorter than the leader connection's idle_session_timeout: PostgreSQL ends the
// session (and so frees the lock for another gateway) only once that long has passed since the
// last heartbeat, so while the lease is held no other gateway can lead. A gateway that was
// stopped (SIGSTOP, a frozen VM) wakes with a lapsed lease and pushes nothing until a heartbeat
// proves its session alive, which it never does if another gateway took over meanwhile.
type Lease struct {
	bound time.Duration
	now   func() time.Time

	mu      sync.Mutex
	renewed time.Time     // when the last answered heartbeat was sent
	lost    bool          // the connection failed, or the term ended
	changed chan struct{} // closed (and replaced) at each renewal and at the loss
}

func newLease(bound time.Duration, now func() time.Time, sent time.Time) *Lease {
	return &Lease{bound: bound, now: now, renewed: sent, changed: make(chan struct{})}
}

// Held says whether the lease is held now. Time is measured twice: on the monotonic clock,
// and on the wall clock, which also counts a suspended host; either past the bound lapses it.
func (l *Lease) Held() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.heldLocked()
}

func (l *Lease) heldLocked() bool {
	if l.lost {
		return false
	}
	now := l.now()
	return now.Sub(l.renewed) < l.bound && now.Round(0).Sub(l.renewed.Round(0)) < l.bound
}

// Wait returns true once the lease is held, at once if it is; false when it is lost or ctx
// ends first. A lapsed lease is waited for: the next heartbeat renews it or loses it.
func (l *Lease) Wait(ctx context.Context) bool {
	for {
		l.mu.Lock()
		held, lost, changed := l.heldLocked(), l.lost, l.changed
		l.mu.Unlock()
		switch {
		case held:
			return true
		case lost:
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-changed:
		}
	}
}

// renew records an answered heartbeat sent at sent.
func (l *Lease) renew(sent time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lost {
		return
	}
	if sent.After(l.renewed) {
		l.renewed = sent
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// lose ends the lease for good.
func (l *Lease) lose() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lost {
		return
	}
	l.lost = true
	close(l.changed)
}
