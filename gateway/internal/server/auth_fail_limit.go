package server

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// maxTrackedAddrs bounds the failure limiter's memory (about 100 bytes an address). When it is
// full, expired entries go first, then the entry whose window started first.
const maxTrackedAddrs = 10000

// failLimiter counts failed check-ins per client address in fixed windows: once an address has
// limit failures in a window, its check-ins are refused until the window ends. It only ever
// refuses; it never delays an answer.
type failLimiter struct {
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

// newFailLimiter returns nil (no limit) when limit or window is not positive.
func newFailLimiter(limit int, window time.Duration, now func() time.Time) *failLimiter {
	if limit <= 0 || window <= 0 {
		return nil
	}
	return &failLimiter{limit: limit, window: window, now: now, max: maxTrackedAddrs, addrs: make(map[string]*failWindow)}
}

// clientKey is the address a client is counted by: its IP, or for IPv6 its /64 network, which
// one host can usually fill with addresses at will.
func clientKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// wait returns how long the client must wait before its check-ins are taken again; 0 if it
// need not.
func (l *failLimiter) wait(key string) time.Duration {
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

// fail counts a failed check-in from the client.
func (l *failLimiter) fail(key string) {
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
func (l *failLimiter) evict(now time.Time) {
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
func (l *failLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.addrs)
}
