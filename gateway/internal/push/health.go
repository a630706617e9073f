package push

import (
	"context"
	"sync"
	"time"
)

// health says whether Icinga takes pushes. After a failure that concerns Icinga as a whole
// (no connection, 5xx, 401, results ignored), pushes wait: 1 s, then twice as long after each
// further failure, at most maxBackoff. The first success after that calls for a full resync,
// since Icinga may have restarted or missed changes meanwhile.
type health struct {
	now func() time.Time

	mu       sync.Mutex
	down     bool
	since    time.Time // start of the outage
	failures int
	backoff  time.Duration
	retryAt  time.Time
}

const (
	firstBackoff = time.Second
	maxBackoff   = 30 * time.Second
)

// wait blocks while a failure's backoff lasts; false once ctx ends.
func (h *health) wait(ctx context.Context) bool {
	for {
		h.mu.Lock()
		d := h.retryAt.Sub(h.now())
		h.mu.Unlock()
		if d <= 0 {
			return ctx.Err() == nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

// fail records a failure; first says it began an outage.
func (h *health) fail() (first bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	first = !h.down
	if first {
		h.down, h.since, h.failures, h.backoff = true, now, 0, firstBackoff
	} else if now.Before(h.retryAt) {
		return false // another worker's request failed in the same round
	} else {
		h.backoff = min(2*h.backoff, maxBackoff)
	}
	h.failures++
	h.retryAt = now.Add(h.backoff)
	return first
}

// ok records a success; recovered says it ended an outage, which lasted outage with failures
// failed attempts.
func (h *health) ok() (recovered bool, outage time.Duration, failures int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down {
		return false, 0, 0
	}
	recovered, outage, failures = true, h.now().Sub(h.since), h.failures
	h.down, h.retryAt = false, time.Time{}
	return recovered, outage, failures
}
