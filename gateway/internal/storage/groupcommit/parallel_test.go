package groupcommit

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// With n committing goroutines, up to n batches are in their commit at once; Stop waits for
// every one of them, and every item is committed once.
func TestStartNCommitsInParallel(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { testStartN(t, n) })
		})
	}
}

// testStartN runs in a synctest bubble: synctest.Wait returns once every goroutine is blocked,
// so a commit too many would have begun by then.
func testStartN(t *testing.T, n int) {
	release := make(chan struct{})
	entered := make(chan struct{}, 8)
	var inFlight, most, committed atomic.Int64
	q := StartN(n, func(batch []*int) error {
		now := inFlight.Add(1)
		for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		inFlight.Add(-1)
		committed.Add(int64(len(batch)))
		return nil
	})
	const items = 8
	var wg sync.WaitGroup
	do := func(i int) {
		wg.Go(func() {
			if err := q.Do(context.Background(), i); err != nil {
				t.Errorf("Do: %v", err)
			}
		})
	}
	// One item at a time until n commits are in progress: sent together, one loop could
	// gather them all into one batch.
	for i := range n {
		do(i)
		select {
		case <-entered:
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d of %d commits began at once", i, n)
		}
	}
	for i := n; i < items; i++ {
		do(i)
	}
	synctest.Wait() // a commit too many would have begun now
	close(release)
	wg.Wait()
	q.Stop()
	if got := most.Load(); got != int64(n) {
		t.Errorf("at most %d commits at once; want %d", got, n)
	}
	if got := committed.Load(); got != items {
		t.Errorf("committed %d items; want %d", got, items)
	}
	if err := q.Do(context.Background(), 0); err != ErrClosed {
		t.Errorf("Do after Stop = %v; want ErrClosed", err)
	}
}
