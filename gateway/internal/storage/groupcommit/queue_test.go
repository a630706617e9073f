package groupcommit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// Concurrent writers share commits, each item is committed once, in arrival order per writer,
// and every writer gets its batch's answer. Each commit (in a synctest bubble) waits until
// every writer is blocked, queued or waiting for its answer, as a slow sync would let them
// pile up: they do so every time, not only when the machine happens to be slow enough.
func TestQueueBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var commits int
		seen := map[[2]int]int{}
		q := Start(func(batch []*[2]int) error {
			synctest.Wait() // a sync's cost: the other writers queue meanwhile
			mu.Lock()
			defer mu.Unlock()
			commits++
			for _, it := range batch {
				seen[*it]++
			}
			return nil
		})
		const writers, each = 32, 20
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if err := q.Do(context.Background(), [2]int{w, i}); err != nil {
						t.Errorf("Do: %v", err)
					}
				}
			})
		}
		wg.Wait()
		q.Stop()
		if len(seen) != writers*each {
			t.Errorf("committed %d items; want %d", len(seen), writers*each)
		}
		for it, n := range seen {
			if n != 1 {
				t.Errorf("item %v committed %d times", it, n)
			}
		}
		if commits >= writers*each/2 {
			t.Errorf("%d commits for %d items; want batches", commits, writers*each)
		}
	})
}

func TestQueueAnswers(t *testing.T) {
	failure := errors.New("disk full")
	tests := []struct {
		name    string
		commit  error
		stopped bool
		ctx     func() context.Context
		want    error
	}{
		{"committed", nil, false, context.Background, nil},
		{"commit fails", failure, false, context.Background, failure},
		{"after Stop", nil, true, context.Background, ErrClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Start(func([]*int) error { return tt.commit })
			defer q.Stop()
			if tt.stopped {
				q.Stop()
			}
			if err := q.Do(tt.ctx(), 1); !errors.Is(err, tt.want) {
				t.Errorf("Do = %v; want %v", err, tt.want)
			}
			if q.Closed() != tt.stopped {
				t.Errorf("Closed = %v; want %v", q.Closed(), tt.stopped)
			}
		})
	}
}

// A writer whose context ends while the queue is full gives up without being queued. In a
// synctest bubble, synctest.Wait returns once every writer is blocked: the commit holds its
// batch, the queue is full, and the rest wait to send.
func TestQueueContextWhileFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		q := Start(func([]*int) error { <-release; return nil })
		defer q.Stop()
		var wg sync.WaitGroup
		for range 2*MaxBatch + 1 { // at most MaxBatch in the commit, a full channel behind it
			wg.Go(func() { q.Do(context.Background(), 1) })
		}
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := q.Do(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Do on a full queue = %v; want the context's error", err)
		}
		close(release)
		wg.Wait()
	})
}
