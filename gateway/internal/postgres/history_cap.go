package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// sizesQuery walks a service's history newest first with each check-in's size.
	// octet_length of a value kept out of line (TOAST) reads its length, not the value.
	sizesQuery = `SELECT received_at, id, octet_length(info) + octet_length(run_id) FROM checkins
		WHERE service = $1 ORDER BY received_at DESC, id DESC`
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
	keepAt, keepID, found, err := s.capCut(ctx, service, maxBytes, max(keep, 1))
	if err != nil || !found {
		return 0, err
	}
	deleted := 0
	for {
		tag, err := s.wpool.Exec(ctx, deleteOldQuery, service, keepAt, keepID, int64(math.MaxInt64), capBatch)
		if err != nil {
			return deleted, s.notePruned(ctx, service, deleted, at, fmt.Errorf("cap history of %s: %w", service, err))
		}
		deleted += int(tag.RowsAffected())
		if tag.RowsAffected() < capBatch {
			break
		}
	}
	return deleted, s.notePruned(ctx, service, deleted, at, nil)
}

// capCut finds the oldest check-in a cap of maxBytes keeps: walking newest first, the last one
// before the size passes maxBytes, and never before the newest keep. found is false when the
// whole history fits.
func (s *Store) capCut(ctx context.Context, service string, maxBytes int64, keep int) (at, id int64, found bool, err error) {
	rows, err := s.pool.Query(ctx, sizesQuery, service)
	if err != nil {
		return 0, 0, false, fmt.Errorf("cap history of %s: %w", service, err)
	}
	defer rows.Close()
	var total int64
	n := 0
	for rows.Next() {
		var rowAt, rowID, size int64
		if err := rows.Scan(&rowAt, &rowID, &size); err != nil {
			return 0, 0, false, fmt.Errorf("cap history of %s: %w", service, err)
		}
		n++
		total += size + storage.RowOverhead
		if n > keep && total > maxBytes {
			return at, id, true, nil
		}
		at, id = rowAt, rowID
	}
	if err := rows.Err(); err != nil {
		return 0, 0, false, fmt.Errorf("cap history of %s: %w", service, err)
	}
	return 0, 0, false, nil
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
