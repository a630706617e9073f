package push

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// testLease is a lease the test grants and takes away.
type testLease struct {
	mu      sync.Mutex
	held    bool
	changed chan struct{}
}

func newTestLease() *testLease { return &testLease{changed: make(chan struct{})} }

func (l *testLease) set(held bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.held = held
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *testLease) Held() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

func (l *testLease) Wait(ctx context.Context) bool {
	for {
		l.mu.Lock()
		held, changed := l.held, l.changed
		l.mu.Unlock()
		if held {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-changed:
		}
	}
}

// A run pushes nothing while its lease is not held (a gateway that woke from a hang and has
// not yet proved it still leads), and pushes once it is. A push whose lease lapsed while Icinga
// handled it is returned by Run as late, for the next leader to push again.
func TestPusherPushesOnlyUnderLease(t *testing.T) {
	p, f, reg := newTwoServicePusher(t)
	lease := newTestLease()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var late []string
	var wg sync.WaitGroup
	wg.Go(func() { late = p.Run(ctx, lease) })

	time.Sleep(300 * time.Millisecond)
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d pushes without the lease; want none", n)
	}
	lease.set(true)
	waitPushes(t, reg, 2)

	f.mu.Lock()
	f.during = func() { lease.set(false) } // the lease lapses while Icinga takes the result
	f.mu.Unlock()
	p.Stored("b")
	waitPushes(t, reg, 3)
	p.Stored("a")
	time.Sleep(300 * time.Millisecond)
	if n := len(f.requests()); n != 3 {
		t.Errorf("%d pushes after the lease lapsed; want 3 (none more)", n)
	}
	cancel()
	wg.Wait()
	if !slices.Equal(late, []string{"b"}) {
		t.Errorf("Run returned late pushes %v; want [b]", late)
	}
}

// waitPushes waits up to 5s until n pushes succeeded.
func waitPushes(t *testing.T, reg *prometheus.Registry, n float64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for pushes(t, reg, "ok") < n {
		if time.Now().After(deadline) {
			t.Fatalf("%v pushes within 5s; want %v", pushes(t, reg, "ok"), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
