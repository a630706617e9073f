package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestTake(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(c.now)
	// A burst of 3, then one a second.
	for i := range 3 {
		if wait := l.Take("a", time.Second, 3); wait != 0 {
			t.Fatalf("check-in %d of the burst: wait %v; want 0", i+1, wait)
		}
	}
	if wait := l.Take("a", time.Second, 3); wait != time.Second {
		t.Errorf("4th check-in at once: wait %v; want 1s", wait)
	}
	if wait := l.Take("b", time.Second, 3); wait != 0 {
		t.Errorf("another service: wait %v; want 0 (buckets are per service)", wait)
	}
	c.t = c.t.Add(400 * time.Millisecond)
	if wait := l.Take("a", time.Second, 3); wait != 600*time.Millisecond {
		t.Errorf("after 0.4s: wait %v; want 600ms", wait)
	}
	c.t = c.t.Add(600 * time.Millisecond)
	if wait := l.Take("a", time.Second, 3); wait != 0 {
		t.Errorf("after 1s: wait %v; want 0 (one refilled)", wait)
	}
	if wait := l.Take("a", time.Second, 3); wait == 0 {
		t.Errorf("second after 1s: taken; want refused")
	}
	// A long pause fills the bucket, never more than the burst.
	c.t = c.t.Add(time.Hour)
	taken := 0
	for l.Take("a", time.Second, 3) == 0 {
		taken++
	}
	if taken != 3 {
		t.Errorf("after an hour: %d taken at once; want the burst, 3", taken)
	}
	if wait := l.Take("a", 0, 3); wait != 0 {
		t.Errorf("no limit (every 0): wait %v; want 0", wait)
	}
}

// Services whose bucket is full again are forgotten: memory follows the services that checked
// in recently, never the number of check-ins.
func TestMemoryBounded(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(c.now)
	for round := range 5 {
		for i := range 1000 {
			for range 10 {
				l.Take(fmt.Sprintf("round%d-svc%d", round, i), time.Second, 60)
			}
		}
		c.t = c.t.Add(time.Minute) // every bucket is full again
	}
	if n := l.tracked(); n > 2000 {
		t.Errorf("%d services held after 5 rounds of 1000 each; want at most 2000 (full buckets dropped)", n)
	}
}
