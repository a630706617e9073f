// Package limiter refuses clients that failed too often: it counts failures per client address
// in fixed windows.
package limiter

import (
	"sync"
	"time"
)

// maxTrackedAddrs bounds the failure limiter's memory (about 100 bytes an address). When it is
// full, expired entries go first, then the entry whose window started first.
const maxTrackedAddrs = 10000

// Limiter counts failures per client address in fixed windows: once an address has limit
// failures in a window, it is refused until the window ends. It only ever refuses; it never
// delays an answer. A nil *Limiter refuses no one.
type Limiter struct {
	limit  int
	window time.Duration
	now    func() time.Time
	max    int

	mu    sync.Mutex
	addrs map[string]*failWindow
}

type failWindow struct {
	start    time.Time
	failures int
}

// New returns nil (no limit) when limit or window is not positive.
func New(limit int, window time.Duration, now func() time.Time) *Limiter {
	if limit <= 0 || window <= 0 {
		return nil
	}
	return &Limiter{limit: limit, window: window, now: now, max: maxTrackedAddrs, addrs: make(map[string]*failWindow)}
}

// Wait returns how long the client must wait before it is heard again; 0 if it need not.
func (l *Limiter) Wait(key string) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.addrs[key]
	if w == nil {
		return 0
	}
	now := l.now()
	end := w.start.Add(l.window)
	if !now.Before(end) {
		delete(l.addrs, key)
		return 0
	}
	if w.failures < l.limit {
		return 0
	}
	return end.Sub(now)
}

// Fail counts a failure of the client.
func (l *Limiter) Fail(key string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.addrs[key]
	if w != nil && !now.Before(w.start.Add(l.window)) {
		w = nil
	}
	if w == nil {
		if _, ok := l.addrs[key]; !ok && len(l.addrs) >= l.max {
			l.evict(now)
		}
		w = &failWindow{start: now}
		l.addrs[key] = w
	}
	w.failures++
}

// evict makes room for one more address.
func (l *Limiter) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, w := range l.addrs {
		if !now.Before(w.start.Add(l.window)) {
			delete(l.addrs, k)
			continue
		}
		if oldestKey == "" || w.start.Before(oldest) {
			oldestKey, oldest = k, w.start
		}
	}
	if len(l.addrs) >= l.max {
		delete(l.addrs, oldestKey)
	}
}

// tracked is the number of addresses held, for tests.
func (l *Limiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.addrs)
}
