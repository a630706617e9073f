package push

import (
	"context"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// A push's ttl reaches margin past the service's next deadline, at most maxTTL; without a
// deadline in reach, the service is pushed again margin before its ttl lapses.
func TestSchedule(t *testing.T) {
	const margin, maxTTL, spread = time.Minute, time.Hour, 5 * time.Minute
	tests := []struct {
		name     string
		until    time.Time
		wantTTL  time.Duration
		wantNext time.Time
	}{
		{"deadline in 10s", t0.Add(10 * time.Second), 10*time.Second + time.Millisecond + margin, t0.Add(10*time.Second + time.Millisecond)},
		{"deadline now", t0, time.Millisecond + margin, t0.Add(time.Millisecond)},
		{"deadline just within the hour", t0.Add(58 * time.Minute), 59*time.Minute + time.Millisecond, t0.Add(58*time.Minute + time.Millisecond)},
		{"deadline in a day", t0.Add(24 * time.Hour), maxTTL, t0.Add(maxTTL - margin - spread)},
		{"no deadline", time.Time{}, maxTTL, t0.Add(maxTTL - margin - spread)},
	}
	for _, tt := range tests {
		ttl, next := schedule(t0, tt.until, margin, maxTTL, spread)
		if ttl != tt.wantTTL || !next.Equal(tt.wantNext) {
			t.Errorf("%s: schedule = %v, %v; want %v, %v", tt.name, ttl, next, tt.wantTTL, tt.wantNext)
		}
		if t0.Add(ttl).Before(next.Add(margin)) {
			t.Errorf("%s: the ttl lapses at %v, less than %v after the next push at %v", tt.name, t0.Add(ttl), margin, next)
		}
	}
}

// Refreshes of services pushed together are spread over a quarter of the longest ttl.
func TestSpread(t *testing.T) {
	seen := map[time.Duration]bool{}
	for _, name := range []string{"a", "b", "c", "backup", "laptop"} {
		s := spread(name, time.Hour)
		if s < 0 || s >= 15*time.Minute {
			t.Errorf("spread(%q) = %v; want within [0, 15m)", name, s)
		}
		if s != spread(name, time.Hour) {
			t.Errorf("spread(%q) changes between calls", name)
		}
		seen[s] = true
	}
	if len(seen) < 4 {
		t.Errorf("five names got %d different spreads; want them apart", len(seen))
	}
}

// pending holds each name once, hands them out oldest first, and take waits for one.
func TestPending(t *testing.T) {
	p := newPending()
	p.addAll([]string{"a", "b"})
	p.add("a")
	p.add("c")
	if n := p.len(); n != 3 {
		t.Fatalf("len = %d; want 3 (a queued twice counts once)", n)
	}
	ctx := context.Background()
	for _, want := range []string{"a", "b", "c"} {
		if got, ok := p.take(ctx); !ok || got != want {
			t.Fatalf("take = %q, %v; want %q", got, ok, want)
		}
	}
	got := make(chan string)
	go func() {
		name, _ := p.take(ctx)
		got <- name
	}()
	p.add("d")
	if name := <-got; name != "d" {
		t.Fatalf("waiting take = %q; want d", name)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, ok := p.take(cancelled); ok {
		t.Fatal("take on an empty set with an ended context returned a name")
	}
}

// deadlines keep one moment per service, hand out those due in time order, and forget removed
// ones.
func TestDeadlines(t *testing.T) {
	d := newDeadlines()
	d.set("a", t0.Add(3*time.Second))
	d.set("b", t0.Add(time.Second))
	d.set("c", t0.Add(2*time.Second))
	d.set("a", t0.Add(500*time.Millisecond)) // replaces a's moment
	d.remove("c")
	if n := d.len(); n != 2 {
		t.Fatalf("len = %d; want 2", n)
	}
	if next, ok := d.next(); !ok || !next.Equal(t0.Add(500*time.Millisecond)) {
		t.Fatalf("next = %v, %v; want a's moment", next, ok)
	}
	if got := d.due(t0.Add(time.Second)); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("due = %q; want [a b]", got)
	}
	if _, ok := d.next(); ok {
		t.Fatal("next after all were due: want none")
	}
}

// health backs off 1s, 2s, 4s ... 30s after failures, counts a failure of the same round once,
// and says when a success ends an outage.
func TestHealthBackoff(t *testing.T) {
	now := t0
	h := &health{now: func() time.Time { return now }}
	if !h.fail() {
		t.Fatal("first failure: want it to begin an outage")
	}
	if h.fail() {
		t.Fatal("a second failure in the same round began an outage")
	}
	var waits []time.Duration
	for range 7 {
		waits = append(waits, h.retryAt.Sub(now))
		now = h.retryAt
		h.fail()
	}
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i, w := range want {
		if waits[i] != w*time.Second {
			t.Fatalf("backoffs = %v; want %v seconds", waits, want)
		}
	}
	now = now.Add(time.Minute)
	recovered, outage, failures := h.ok()
	if !recovered || outage != now.Sub(t0) || failures != 8 {
		t.Errorf("ok = %v, %v, %d; want true, %v, 8", recovered, outage, failures, now.Sub(t0))
	}
	if recovered, _, _ := h.ok(); recovered {
		t.Error("a second success also ended an outage")
	}
	if !h.wait(context.Background()) {
		t.Error("wait after recovery: want no waiting")
	}
}
