package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/oldrows"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	notePrunedQuery = `INSERT INTO history_cap_pruned (service, pruned_at, pruned) VALUES ($1, $2, $3)
		ON CONFLICT (service) DO UPDATE SET pruned_at = excluded.pruned_at,
		pruned = history_cap_pruned.pruned + excluded.pruned`
	capPrunedQuery = `SELECT pruned_at, pruned FROM history_cap_pruned WHERE service = $1`
)

// capBatch is the most check-ins one transaction of PruneToBytes deletes.
const capBatch = 1000

// PruneToBytes deletes a service's oldest check-ins until its history's size (see
// storage.RowOverhead) is at most maxBytes, keeping its newest keep check-ins whatever their
// size, its newest report and its newest OK report, as the SQLite store does. It notes what it
// deleted, at the time at, for CapPruned, and returns how many check-ins it deleted. PostgreSQL
// reuses the freed space for later rows once (auto)vacuum has seen it.
func (s *Store) PruneToBytes(ctx context.Context, service string, maxBytes int64, keep int, at time.Time) (int, error) {
	keepFrom, found, err := oldrows.CapCut(ctx, s.pool, service, maxBytes, max(keep, 1))
	if err != nil {
		return 0, fmt.Errorf("cap history of %s: %w", service, err)
	}
	if !found {
		return 0, nil
	}
	deleted := 0
	for {
		n, err := oldrows.Delete(ctx, s.wpool, service, keepFrom, int64(math.MaxInt64), capBatch)
		if err != nil {
			return deleted, s.notePruned(ctx, service, deleted, at, fmt.Errorf("cap history of %s: %w", service, err))
		}
		deleted += int(n)
		if n < capBatch {
			break
		}
	}
	return deleted, s.notePruned(ctx, service, deleted, at, nil)
}

// notePruned adds deleted check-ins to the service's count of those a cap deleted, and
// returns failed, or the error of noting them.
func (s *Store) notePruned(ctx context.Context, service string, deleted int, at time.Time, failed error) error {
	if deleted == 0 {
		return failed
	}
	if _, err := s.wpool.Exec(ctx, notePrunedQuery, service, at.UTC().UnixNano(), deleted); err != nil {
		return errors.Join(failed, fmt.Errorf("note history cap of %s: %w", service, err))
	}
	return failed
}

// CapPruned says what a history size cap deleted of a service so far.
func (s *Store) CapPruned(ctx context.Context, service string) (storage.CapPruned, error) {
	var at, n int64
	err := s.pool.QueryRow(ctx, capPrunedQuery, service).Scan(&at, &n)
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.CapPruned{}, nil
	}
	if err != nil {
		return storage.CapPruned{}, fmt.Errorf("read history cap of %s: %w", service, err)
	}
	return storage.CapPruned{At: time.Unix(0, at).UTC(), Count: n}, nil
}
