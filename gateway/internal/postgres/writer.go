package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

const (
	// maxBatch caps how many check-ins share one transaction.
	maxBatch = 512
	// writers is how many transactions one gateway commits at once. While one waits for its
	// commit to reach the disk, the next batch gathers and is sent. More writers make smaller
	// batches: on two cores four gave about half the check-ins per second of one or two, since
	// a batch's cost is mostly its round trips, not its rows.
	writers = 2
	// commitTimeout bounds one batch, so that clients get a 503 rather than hang on a database
	// that stopped answering. A batch cut off may still have been committed: the client retries
	// and the check-in is stored twice, never lost.
	commitTimeout = 10 * time.Second
	// retries is how often a batch is tried again after a deadlock or serialisation failure
	// between gateways; nothing of a failed try is stored.
	retries = 3
)

// writeRequest is one check-in waiting for its commit.
type writeRequest struct {
	c    store.Checkin
	done chan error
}

// writer commits check-ins in batches: each of its goroutines takes whatever check-ins are
// waiting and stores them with one statement in one transaction (group commit). A lone
// check-in is written at once.
type writer struct {
	pool     *pgxpool.Pool
	requests chan *writeRequest
	report   func(error)

	mu     sync.RWMutex // guards closed against sends racing stop
	closed bool
	wg     sync.WaitGroup
}

// errClosed is store.ErrClosed, named here for the writer.
var errClosed = store.ErrClosed

func startWriter(pool *pgxpool.Pool, report func(error)) *writer {
	w := &writer{pool: pool, requests: make(chan *writeRequest, maxBatch), report: report}
	for range writers {
		w.wg.Go(w.loop)
	}
	return w
}

func (w *writer) enqueue(ctx context.Context, req *writeRequest) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return errClosed
	}
	select {
	case w.requests <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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

func (w *writer) isClosed() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.closed
}

func (w *writer) loop() {
	batch := make([]*writeRequest, 0, maxBatch)
	for req := range w.requests {
		batch = append(batch[:0], req)
	gather:
		for len(batch) < maxBatch {
			select {
			case more, ok := <-w.requests:
				if !ok {
					break gather
				}
				batch = append(batch, more)
			default:
				break gather
			}
		}
		err := w.commit(batch)
		w.report(err)
		for _, r := range batch {
			r.done <- err
		}
	}
}

// commit stores a batch in one transaction; any failure is store.ErrUnavailable and nothing of
// the batch is stored. A deadlock or serialisation failure between gateways is tried again.
func (w *writer) commit(batch []*writeRequest) error {
	services := make([]string, len(batch))
	for i, r := range batch {
		services[i] = r.c.Service
	}
	cs := make([]store.Checkin, len(batch))
	var err error
	for range retries {
		for i, r := range batch {
			cs[i] = r.c // apply changes its copy; a retry starts afresh
		}
		ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
		err = writetx.Run(ctx, w.pool, services, len(cs), func(tx *writetx.Tx) error {
			for i := range cs {
				if err := tx.Apply(&cs[i]); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || (pgErr.Code != "40P01" && pgErr.Code != "40001") {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return nil
}
