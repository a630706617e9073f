// Package logbudget bounds how many lines a flood can write to the log, whatever the number of
// client addresses it comes from: each message (at info level and above) passes at most
// PerSecond times a second; the rest are counted, and one summary line a second says how many
// were suppressed and from how many addresses. The per-address quieting of rejected requests
// never engaged for a flood from rotating addresses: 30,000 wrong ping ids from 3,000 addresses
// wrote 8.6 MB of log in 3.7 s, and a PostgreSQL outage one ERROR line per refused check-in
// (24,968 lines in 6 s). Metrics keep the exact counts; the log keeps a sample and the totals.
package logbudget

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"
)

// PerSecond is how many lines of one message pass each second before the rest are summed up.
// A gateway at rest logs a few lines a minute; a burst of 20 alike in a second is a flood.
const PerSecond = 20

// maxAddresses bounds the addresses remembered for one summary; more are counted as "more than".
const maxAddresses = 10000

// window is one message's second.
type window struct {
	start      time.Time
	passed     int
	suppressed int
	level      slog.Level
	addrs      map[string]struct{}
	addrsOver  bool
	next       slog.Handler // writes the summary, with the attributes of the first line held back
	flushTimer *time.Timer
}

// budget is shared by a Handler and those derived from it with WithAttrs and WithGroup.
type budget struct {
	mu      sync.Mutex
	windows map[string]*window // by message: the code's constant messages, a bounded set
}

// Handler passes records to next within the budget. Records below info level pass unbudgeted:
// debug logging is asked for.
type Handler struct {
	next slog.Handler
	b    *budget
}

// New wraps next.
func New(next slog.Handler) *Handler {
	return &Handler{next: next, b: &budget{windows: make(map[string]*window)}}
}

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{next: h.next.WithAttrs(attrs), b: h.b}
}

func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), b: h.b}
}

// Handle passes r on, or counts it when its message is over budget this second.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelInfo {
		return h.next.Handle(ctx, r)
	}
	b := h.b
	b.mu.Lock()
	now := time.Now()
	w := b.windows[r.Message]
	if w == nil {
		w = &window{}
		b.windows[r.Message] = w
	}
	if now.Sub(w.start) >= time.Second || now.Before(w.start) {
		b.flushLocked(r.Message, w) // a summary still due, if its timer has not run yet
		w.start, w.passed = now, 0
	}
	if w.passed < PerSecond {
		w.passed++
		b.mu.Unlock()
		return h.next.Handle(ctx, r)
	}
	if w.suppressed == 0 {
		w.level, w.next, w.addrs, w.addrsOver = r.Level, h.next, make(map[string]struct{}), false
		msg := r.Message
		w.flushTimer = time.AfterFunc(w.start.Add(time.Second).Sub(now), func() { b.flush(msg) })
	}
	w.suppressed++
	w.level = max(w.level, r.Level)
	if a, ok := address(r); ok && !w.addrsOver {
		w.addrs[a] = struct{}{}
		w.addrsOver = len(w.addrs) >= maxAddresses
	}
	b.mu.Unlock()
	return nil
}

// flush writes msg's summary, if one is due.
func (b *budget) flush(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if w := b.windows[msg]; w != nil {
		b.flushLocked(msg, w)
	}
}

// flushLocked writes w's summary and starts counting anew. It writes under the lock, so that
// a summary never comes after the lines of the next second.
func (b *budget) flushLocked(msg string, w *window) {
	if w.suppressed == 0 {
		return
	}
	if w.flushTimer != nil {
		w.flushTimer.Stop()
	}
	text := "suppressed " + thousands(w.suppressed) + " " + noun(msg)
	args := []any{"suppressed", w.suppressed, "message", msg}
	if n := len(w.addrs); n > 0 {
		more := ""
		if w.addrsOver {
			more = "more than "
		}
		text += " from " + more + thousands(n) + " addresses"
		args = append(args, "addresses", n)
	}
	text += fmt.Sprintf(" in the last second (over %d a second; the metrics count them all)", PerSecond)
	rec := slog.NewRecord(time.Now(), w.level, text, 0)
	rec.Add(args...)
	_ = w.next.Handle(context.Background(), rec) // nowhere to report a failed log write
	w.suppressed, w.addrs, w.next, w.flushTimer = 0, nil, nil, nil
}

// nouns name what a message's lines are about, for the summary.
var nouns = map[string]string{
	"check-in rejected": "rejected check-ins",
	"ping rejected":     "rejected pings",
	"read refused":      "refused reads",
	"write failed":      "failed writes (the database cannot be written)",
	"request failed":    "failed requests",
}

func noun(msg string) string {
	if n, ok := nouns[msg]; ok {
		return n
	}
	return strconv.Quote(msg) + " lines"
}

// address is the client address a record names (its "remote" or "client" attribute), without
// the port.
func address(r slog.Record) (addr string, ok bool) {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != "remote" && a.Key != "client" {
			return true
		}
		addr = a.Value.String()
		if host, _, err := net.SplitHostPort(addr); err == nil {
			addr = host
		}
		ok = true
		return false
	})
	return addr, ok
}

// thousands writes n with commas: 24,968.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
