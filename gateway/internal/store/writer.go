package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// maxBatch caps how many check-ins share one transaction.
const maxBatch = 512

// writeRequest is one check-in waiting for its commit.
type writeRequest struct {
	c    Checkin
	done chan error
}

// writer is the one place check-ins are written. A single goroutine takes whatever check-ins
// are waiting and commits them in one transaction with one sync (group commit): a lone
// check-in is written at once, and concurrent ones share the cost of the sync.
type writer struct {
	db       *sql.DB
	requests chan *writeRequest
	report   func(error)

	mu     sync.RWMutex // guards closed against sends racing stop
	closed bool
	wg     sync.WaitGroup
}

func startWriter(db *sql.DB, report func(error)) *writer {
	w := &writer{db: db, requests: make(chan *writeRequest, maxBatch), report: report}
	w.wg.Add(1)
	go w.loop()
	return w
}

var requestPool = sync.Pool{New: func() any { return &writeRequest{done: make(chan error, 1)} }}

// Add stores a check-in and returns once it is committed to disk. The check-in's ID is not set.
func (s *Store) Add(ctx context.Context, c Checkin) error {
	req := requestPool.Get().(*writeRequest)
	req.c = c
	s.writer.mu.RLock()
	if s.writer.closed {
		s.writer.mu.RUnlock()
		requestPool.Put(req)
		return ErrClosed
	}
	select {
	case s.writer.requests <- req:
	case <-ctx.Done():
		s.writer.mu.RUnlock()
		requestPool.Put(req)
		return fmt.Errorf("queue check-in for %s: %w", c.Service, ctx.Err())
	}
	s.writer.mu.RUnlock()
	// Once queued, the check-in is written whatever the caller's context does, so that the
	// answer never disagrees with the disk; wait for it.
	err := <-req.done
	req.c = Checkin{}
	requestPool.Put(req)
	return err
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
	for req := range w.requests {
		batch = append(batch[:0], req)
	drain:
		for len(batch) < maxBatch {
			select {
			case more, ok := <-w.requests:
				if !ok {
					break drain
				}
				batch = append(batch, more)
			default:
				break drain
			}
		}
		err := w.commit(batch)
		w.report(err)
		for _, r := range batch {
			r.done <- err
		}
	}
}

const insertCheckin = `INSERT INTO checkins (service, status, info, received_at) VALUES (?, ?, ?, ?)`

func (w *writer) commit(batch []*writeRequest) error {
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertCheckin)
	if err != nil {
		return fmt.Errorf("prepare insert: %w", err)
	}
	defer stmt.Close()
	for _, r := range batch {
		c := r.c
		if _, err := stmt.ExecContext(ctx, c.Service, c.Status.String(), c.Info, c.At.UTC().UnixNano()); err != nil {
			return fmt.Errorf("insert check-in for %s: %w", c.Service, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %d check-ins: %w", len(batch), err)
	}
	return nil
}
