package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// maxBatch caps how many check-ins share one transaction.
const maxBatch = 512

// maxGather is the longest a batch waits for more check-ins once the previous batch showed
// that several clients are sending at once.
const maxGather = time.Millisecond

// writeRequest is one check-in waiting for its commit, or a probe that only tests whether the
// database can be written.
type writeRequest struct {
	c     Checkin
	probe bool
	done  chan error
}

// writer is the one place check-ins are written. A single goroutine takes whatever check-ins
// are waiting and commits them in one transaction with one sync (group commit): a lone
// check-in is written at once, and concurrent ones share the cost of the sync.
type writer struct {
	s        *Store
	requests chan *writeRequest

	mu     sync.RWMutex // guards closed against sends racing stop
	closed bool
	wg     sync.WaitGroup
}

func startWriter(s *Store) *writer {
	w := &writer{s: s, requests: make(chan *writeRequest, maxBatch)}
	w.wg.Add(1)
	go w.loop()
	return w
}

var requestPool = sync.Pool{New: func() any { return &writeRequest{done: make(chan error, 1)} }}

// Add stores a check-in and returns once it is committed to disk. The check-in's ID is not
// set. A report closes the newest open run (with the same run id, when it carries one) and
// stores the run's duration; a start opens a run; a log entry is only stored.
func (s *Store) Add(ctx context.Context, c Checkin) error {
	if err := c.validate(); err != nil {
		return err
	}
	if err := s.identity.failed(); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	req := requestPool.Get().(*writeRequest)
	req.c = c
	if err := s.writer.enqueue(ctx, req); err != nil {
		requestPool.Put(req)
		if err == ErrClosed {
			return err
		}
		return fmt.Errorf("queue check-in for %s: %w", c.Service, err)
	}
	// Once queued, the check-in is written whatever the caller's context does, so that the
	// answer never disagrees with the disk; wait for it.
	err := <-req.done
	req.c = Checkin{}
	requestPool.Put(req)
	return err
}

// probe commits a write transaction that changes nothing, through the writer so that it queues
// behind check-ins like any write. It tells whether the database can be written right now.
func (s *Store) probe(ctx context.Context) error {
	req := &writeRequest{probe: true, done: make(chan error, 1)}
	if err := s.writer.enqueue(ctx, req); err != nil {
		if err == ErrClosed {
			return err
		}
		return fmt.Errorf("queue write probe: %w", err)
	}
	return <-req.done
}

// enqueue hands req to the writer: ErrClosed after stop, ctx's error if it ends first.
func (w *writer) enqueue(ctx context.Context, req *writeRequest) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	select {
	case w.requests <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *writer) isClosed() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.closed
}

func (w *writer) stop() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.requests)
	}
	w.mu.Unlock()
	w.wg.Wait()
}

func (w *writer) loop() {
	defer w.wg.Done()
	batch := make([]*writeRequest, 0, maxBatch)
	gather := time.NewTimer(maxGather)
	target := 1 // how many check-ins the next batch is likely to find
	for req := range w.requests {
		batch = w.gather(append(batch[:0], req), target, gather)
		err := w.s.commitBatch(batch)
		// The callers of this batch will likely send again, joining those who sent while it
		// was being committed: the next batch waits a moment for all of them.
		target = min(len(batch)+len(w.requests), maxBatch)
		for _, r := range batch {
			r.done <- err
		}
	}
}

// gather adds waiting check-ins to batch, waiting up to maxGather for target of them in all. A
// lone check-in (target 1) is committed at once.
func (w *writer) gather(batch []*writeRequest, target int, timer *time.Timer) []*writeRequest {
	timer.Reset(maxGather)
	defer timer.Stop()
	for len(batch) < target {
		select {
		case more, ok := <-w.requests:
			if !ok {
				return batch
			}
			batch = append(batch, more)
		case <-timer.C:
			target = 0
		}
	}
	for len(batch) < maxBatch {
		select {
		case more, ok := <-w.requests:
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

// commitBatch writes a batch in one transaction and, once it is on disk and the database file
// is still the one the path names, makes it visible to Summary. Any failure is ErrUnavailable:
// nothing of the batch is stored.
func (s *Store) commitBatch(batch []*writeRequest) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	w := s.beginWrite()
	err := w.run(func(tx *writeTx) error {
		probes := 0
		for _, r := range batch {
			if r.probe {
				probes++
				continue
			}
			if err := tx.apply(&r.c); err != nil {
				return err
			}
		}
		if probes > 0 {
			return tx.touchHeader()
		}
		return nil
	})
	return s.finishWrite(w, err)
}
