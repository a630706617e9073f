package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/groupcommit"
)

const (
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

// startWriter starts the group commit of check-ins (the SQLite store's queue, with writers
// committing goroutines): each batch is stored with one statement in one transaction, and a
// lone check-in is written at once. Every batch's outcome goes to the store's health, which
// Ping reads.
func (s *Store) startWriter() *groupcommit.Queue[storage.Checkin] {
	return groupcommit.StartN(writers, func(batch []*storage.Checkin) error {
		err := commit(s.wpool, batch)
		s.health.Record(err)
		s.health.RecordCheckins(err)
		return err
	})
}

// commit stores a batch in one transaction; any failure is storage.ErrUnavailable and nothing of
// the batch is stored. A deadlock or serialisation failure between gateways is tried again.
func commit(pool *pgxpool.Pool, batch []*storage.Checkin) error {
	services := make([]string, len(batch))
	for i, c := range batch {
		services[i] = c.Service
	}
	cs := make([]storage.Checkin, len(batch))
	var err error
	for range retries {
		for i, c := range batch {
			cs[i] = *c // Apply changes its copy; a retry starts afresh
		}
		ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
		err = writetx.Run(ctx, pool, services, len(cs), func(tx *writetx.Tx) error {
			for i := range cs {
				if err := tx.Apply(ctx, &cs[i]); err != nil {
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
		return fmt.Errorf("%w: %w", storage.ErrUnavailable, err)
	}
	return nil
}
