// Package groupcommit gathers concurrent writes into batches that one goroutine commits
// together, so that they share the cost of a sync (group commit): a lone write is committed at
// once, and writers that arrive together wait a moment for each other.
package groupcommit

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrClosed is returned by Do after Stop.
var ErrClosed = errors.New("write queue is closed")

// MaxBatch caps how many items share one commit.
const MaxBatch = 512

// maxGather is the longest a batch waits for more items once the previous batch showed that
// several writers are sending at once.
const maxGather = time.Millisecond

type request[T any] struct {
	item T
	done chan error
}

// Queue commits items of type T in batches, in the order they arrive.
type Queue[T any] struct {
	commit   func(batch []*T) error
	requests chan *request[T]
	pool     sync.Pool

	mu     sync.RWMutex // guards closed against sends racing Stop
	closed bool
	wg     sync.WaitGroup
}

// Start starts the committing goroutine. commit gets each batch (it may change the items) and
// its error is every item's answer.
func Start[T any](commit func(batch []*T) error) *Queue[T] {
	q := &Queue[T]{commit: commit, requests: make(chan *request[T], MaxBatch)}
	q.pool.New = func() any { return &request[T]{done: make(chan error, 1)} }
	q.wg.Add(1)
	go q.loop()
	return q
}

// Do queues item and returns once its batch is committed: commit's error, ErrClosed after
// Stop, or ctx's error if ctx ends before the item is queued. Once queued, the item is
// committed whatever ctx does, so that the answer never disagrees with the disk.
func (q *Queue[T]) Do(ctx context.Context, item T) error {
	req := q.pool.Get().(*request[T])
	req.item = item
	if err := q.enqueue(ctx, req); err != nil {
		q.pool.Put(req)
		return err
	}
	err := <-req.done
	var zero T
	req.item = zero
	q.pool.Put(req)
	return err
}

func (q *Queue[T]) enqueue(ctx context.Context, req *request[T]) error {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return ErrClosed
	}
	select {
	case q.requests <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Closed reports whether Stop was called.
func (q *Queue[T]) Closed() bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.closed
}

// Stop refuses new items and waits until the queued ones are committed.
func (q *Queue[T]) Stop() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.requests)
	}
	q.mu.Unlock()
	q.wg.Wait()
}

func (q *Queue[T]) loop() {
	defer q.wg.Done()
	batch := make([]*request[T], 0, MaxBatch)
	items := make([]*T, 0, MaxBatch)
	gather := time.NewTimer(maxGather)
	target := 1 // how many items the next batch is likely to find
	for req := range q.requests {
		batch = q.gather(append(batch[:0], req), target, gather)
		items = items[:0]
		for _, r := range batch {
			items = append(items, &r.item)
		}
		err := q.commit(items)
		// The writers of this batch will likely send again, joining those who sent while it
		// was being committed: the next batch waits a moment for all of them.
		target = min(len(batch)+len(q.requests), MaxBatch)
		for _, r := range batch {
			r.done <- err
		}
	}
}

// gather adds waiting requests to batch, waiting up to maxGather for target of them in all.
// A lone request (target 1) is committed at once.
func (q *Queue[T]) gather(batch []*request[T], target int, timer *time.Timer) []*request[T] {
	timer.Reset(maxGather)
	defer timer.Stop()
	for len(batch) < target {
		select {
		case more, ok := <-q.requests:
			if !ok {
				return batch
			}
			batch = append(batch, more)
		case <-timer.C:
			target = 0
		}
	}
	for len(batch) < MaxBatch {
		select {
		case more, ok := <-q.requests:
			if !ok {
				return batch
			}
			batch = append(batch, more)
		default:
			return batch
		}
	}
	return batch
}
