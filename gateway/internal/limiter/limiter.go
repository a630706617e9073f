// Package limiter brakes guessing: it counts failures per client address and service in fixed
// windows, and tells callers to refuse a key that failed too often until its window ends.
package limiter

import (
	"container/list"
	"log/slog"
	"sync"
	"time"
)

// maxTracked bounds the limiter's memory (about 200 bytes a key). When it is full, the key
// whose window started first goes.
const maxTracked = 10000

// Key is what failures are counted by: a client address and the service an attempt named.
// Service is "" for names no service has (all of an address's unknown names share one count),
// and for counts that are not per service (read tokens, wrong ping ids).
type Key struct {
	Client  string // ClientKey of the client's address
	Service string // a configured service's name, or ""
}

// Config sets up a Limiter.
type Config struct {
	Limit  int           // failures of one key per window; after that the key is refused
	Window time.Duration // how long a window lasts, and the longest a key is refused
	Now    func() time.Time
	// Logger gets one line at info level when a key is refused, naming What was counted:
	// Message, "client refused until its window ends" when empty.
	Logger  *slog.Logger
	What    string // e.g. "failed check-ins"
	Message string
	// Unknown is logged as the service of a key whose Service is ""; when empty, no service
	// is logged for such keys.
	Unknown string
}

// Limiter counts failures per Key in fixed windows: once a key has Limit failures in a window,
// Wait tells how long until the window ends. It only ever counts and answers; it never delays.
// A nil *Limiter refuses no one.
type Limiter struct {
	cfg Config
	max int

	mu      sync.Mutex
	windows map[Key]*list.Element // of *window
	order   *list.List            // oldest window start first
}

type window struct {
	key      Key
	start    time.Time
	failures int
}

// New returns nil (no limit) when the limit or the window is not positive.
func New(cfg Config) *Limiter {
	if cfg.Limit <= 0 || cfg.Window <= 0 {
		return nil
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Message == "" {
		cfg.Message = "client refused until its window ends"
	}
	return &Limiter{cfg: cfg, max: maxTracked, windows: make(map[Key]*list.Element), order: list.New()}
}

// Wait returns how long the key is still refused; 0 if it is not.
func (l *Limiter) Wait(k Key) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.windows[k]
	if e == nil {
		return 0
	}
	w := e.Value.(*window)
	now := l.cfg.Now()
	end := w.start.Add(l.cfg.Window)
	if !now.Before(end) {
		l.remove(e)
		return 0
	}
	if w.failures < l.cfg.Limit {
		return 0
	}
	return end.Sub(now)
}

// Fail counts a failure of the key. The failure that reaches the limit is logged, once a
// window.
func (l *Limiter) Fail(k Key) {
	if l == nil {
		return
	}
	l.mu.Lock()
	now := l.cfg.Now()
	l.dropExpired(now)
	var w *window
	if e := l.windows[k]; e != nil {
		w = e.Value.(*window)
		if !now.Before(w.start.Add(l.cfg.Window)) { // only when the clock went back
			w.start, w.failures = now, 0
			l.order.MoveToBack(e)
		}
	} else {
		if l.order.Len() >= l.max {
			l.remove(l.order.Front())
		}
		w = &window{key: k, start: now}
		l.windows[k] = l.order.PushBack(w)
	}
	w.failures++
	blocked, until := w.failures == l.cfg.Limit, w.start.Add(l.cfg.Window)
	l.mu.Unlock()
	if blocked {
		l.logBlocked(k, until)
	}
}

// dropExpired forgets the windows that ended. They sit at the front of the order, so this
// costs one step per window dropped, and each window is dropped once.
func (l *Limiter) dropExpired(now time.Time) {
	for e := l.order.Front(); e != nil; e = l.order.Front() {
		if now.Before(e.Value.(*window).start.Add(l.cfg.Window)) {
			return
		}
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.windows, e.Value.(*window).key)
	l.order.Remove(e)
}

func (l *Limiter) logBlocked(k Key, until time.Time) {
	args := []any{"what", l.cfg.What, "client", k.Client}
	switch {
	case k.Service != "":
		args = append(args, "service", k.Service)
	case l.cfg.Unknown != "":
		args = append(args, "service", l.cfg.Unknown)
	}
	args = append(args, "failures", l.cfg.Limit, "until", until.UTC().Format(time.RFC3339))
	l.cfg.Logger.Info(l.cfg.Message, args...)
}

// tracked is the number of keys held, for tests.
func (l *Limiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.windows)
}
