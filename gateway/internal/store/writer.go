package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// maxBatch caps how many check-ins share one transaction.
const maxBatch = 512

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

// probe commits a write transaction that changes nothing, through the writer so that it queues
// behind check-ins like any write. It tells whether the database can be written right now.
func (s *Store) probe(ctx context.Context) error {
	req := &writeRequest{probe: true, done: make(chan error, 1)}
	s.writer.mu.RLock()
	if s.writer.closed {
		s.writer.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.writer.requests <- req:
	case <-ctx.Done():
		s.writer.mu.RUnlock()
		return fmt.Errorf("queue write probe: %w", ctx.Err())
	}
	s.writer.mu.RUnlock()
	return <-req.done
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

// commit writes a batch in one transaction. Any failure is ErrUnavailable: nothing of the
// batch is stored.
func (w *writer) commit(batch []*writeRequest) error {
	if err := w.commitTx(batch); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

func (w *writer) commitTx(batch []*writeRequest) error {
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
	probes := 0
	for _, r := range batch {
		if r.probe {
			probes++
			continue
		}
		c := r.c
		if _, err := stmt.ExecContext(ctx, c.Service, c.Status.String(), c.Info, c.At.UTC().UnixNano()); err != nil {
			return fmt.Errorf("insert check-in for %s: %w", c.Service, err)
		}
	}
	if probes > 0 {
		if err := touchHeader(ctx, tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// touchHeader rewrites the database header's user_version with its own value: a real write
// (one page, synced on commit) that changes nothing. user_version is otherwise unused;
// migrations are recorded in schema_migrations.
func touchHeader(ctx context.Context, tx *sql.Tx) error {
	var v int64
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v)); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	return nil
}
