package leader

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// A lease is held from the heartbeat that proved the session alive, counted from when that
// heartbeat was sent, for its bound and no longer; a later heartbeat renews it, a lost
// connection ends it for good.
func TestLeaseLapsesWithoutHeartbeat(t *testing.T) {
	clock := &fakeClock{now: t0}
	sent := clock.Now()
	clock.add(200 * time.Millisecond) // the answer came later
	l := newLease(time.Second, clock.Now, sent)
	steps := []struct {
		name  string
		do    func()
		wantH bool
	}{
		{"just granted", func() {}, true},
		{"799ms after its heartbeat was answered", func() { clock.add(799 * time.Millisecond) }, true},
		{"a second after its heartbeat was sent", func() { clock.add(time.Millisecond) }, false},
		{"a heartbeat answered", func() { l.renew(clock.Now()) }, true},
		{"an older heartbeat answered late", func() { clock.add(900 * time.Millisecond); l.renew(t0) }, true},
		{"lapsed again", func() { clock.add(100 * time.Millisecond) }, false},
		{"renewed", func() { l.renew(clock.Now()) }, true},
		{"lost", l.lose, false},
		{"a heartbeat after the loss", func() { l.renew(clock.Now()) }, false},
	}
	for _, s := range steps {
		s.do()
		if got := l.Held(); got != s.wantH {
			t.Errorf("%s: Held() = %v; want %v", s.name, got, s.wantH)
		}
	}
}

// A lapsed lease stops Wait until the next heartbeat renews it (true) or the connection is
// lost (false); a held one lets it through at once.
func TestLeaseWait(t *testing.T) {
	tests := []struct {
		name string
		end  func(l *Lease, clock *fakeClock)
		want bool
	}{
		{"renewed", func(l *Lease, clock *fakeClock) { l.renew(clock.Now()) }, true},
		{"lost", func(l *Lease, _ *fakeClock) { l.lose() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: t0}
			l := newLease(time.Second, clock.Now, clock.Now())
			if !l.Wait(context.Background()) {
				t.Fatal("Wait on a held lease = false")
			}
			clock.add(time.Minute) // a hang
			got := make(chan bool)
			go func() { got <- l.Wait(context.Background()) }()
			select {
			case <-got:
				t.Fatal("Wait returned on a lapsed lease")
			case <-time.After(50 * time.Millisecond):
			}
			tt.end(l, clock)
			if g := <-got; g != tt.want {
				t.Errorf("Wait = %v; want %v", g, tt.want)
			}
		})
	}
	clock := &fakeClock{now: t0}
	l := newLease(time.Second, clock.Now, t0.Add(-time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if l.Wait(ctx) {
		t.Error("Wait on a lapsed lease = true when its context ended")
	}
}
