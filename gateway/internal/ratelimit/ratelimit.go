// Package ratelimit limits how often each service may have check-ins stored, so that one
// leaked token or ping URL cannot fill the disk or slow other services down. Each service has a
// bucket of Burst check-ins that refills at one every Every (the generic cell rate algorithm:
// one time per service, no timer). It holds nothing for a service whose bucket is full, so its
// memory is bounded by the number of services, whatever clients send.
package ratelimit

import (
	"sync"
	"time"
)

// Limits holds the buckets of every service.
type Limits struct {
	now func() time.Time

	mu   sync.Mutex
	tat  map[string]time.Time // by service: when its bucket is full again
	next int                  // sweep the map when it reaches this size
}

// New returns Limits reading time from now (time.Now when nil).
func New(now func() time.Time) *Limits {
	if now == nil {
		now = time.Now
	}
	return &Limits{now: now, tat: make(map[string]time.Time), next: minSweep}
}

// minSweep is the map size from which full buckets are swept out.
const minSweep = 64

// Take takes one check-in from service's bucket, which holds burst and refills one every
// every. It returns 0 when the check-in may be stored, or how long until it could be. every
// <= 0 means no limit.
func (l *Limits) Take(service string, every time.Duration, burst int) time.Duration {
	if every <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	tat, ok := l.tat[service]
	if !ok || tat.Before(now) {
		tat = now
	}
	next := tat.Add(every)
	if allowAt := next.Add(-time.Duration(burst) * every); now.Before(allowAt) {
		return allowAt.Sub(now)
	}
	if !ok && len(l.tat) >= l.next {
		l.sweep(now)
	}
	l.tat[service] = next
	return 0
}

// sweep drops the services whose bucket is full again: they are as if never seen. The next
// sweep comes when the map has doubled, so sweeping costs O(1) a check-in.
func (l *Limits) sweep(now time.Time) {
	for s, tat := range l.tat {
		if !tat.After(now) {
			delete(l.tat, s)
		}
	}
	l.next = max(minSweep, 2*len(l.tat))
}

// tracked is the number of services held, for tests.
func (l *Limits) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.tat)
}
