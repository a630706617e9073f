package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PruneOptions pace a prune so that it never holds the database for long.
type PruneOptions struct {
	// Batch is the most rows one transaction deletes (default 1000).
	Batch int
	// Pause is the wait between two deletions, leaving the database to check-ins.
	Pause time.Duration
}

const (
	nextServiceQuery = `SELECT service FROM checkins WHERE service > ? ORDER BY service LIMIT 1`
	keepFromQuery    = `SELECT id FROM checkins WHERE service = ? ORDER BY id DESC LIMIT 1 OFFSET ?`
	newestOKIDQuery  = `SELECT id FROM checkins WHERE service = ? AND status = 'OK' ORDER BY id DESC LIMIT 1`
	oldestQuery      = `SELECT id, received_at FROM checkins WHERE service = ? AND id > ? AND id < ?
		ORDER BY id LIMIT ?`
	deleteRangeQuery = `DELETE FROM checkins WHERE service = ? AND id BETWEEN ? AND ? AND id <> ?`
)

// Prune deletes check-ins received before the given time, except each service's newest keep
// check-ins, its newest check-in and its newest OK check-in (so that its state never changes).
// It walks the services one by one over the indexes, deleting at most opts.Batch rows per
// transaction, and returns how many rows it deleted.
func (s *Store) Prune(ctx context.Context, before time.Time, keep int, opts PruneOptions) (int, error) {
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	keep = max(keep, 1)
	deleted := 0
	service := ""
	for {
		err := s.db.QueryRowContext(ctx, nextServiceQuery, service).Scan(&service)
		if errors.Is(err, sql.ErrNoRows) {
			return deleted, nil
		}
		if err != nil {
			return deleted, fmt.Errorf("prune: find next service: %w", err)
		}
		n, err := s.pruneService(ctx, service, before.UTC().UnixNano(), keep, opts)
		deleted += n
		if err != nil {
			return deleted, fmt.Errorf("prune %s: %w", service, err)
		}
	}
}

func (s *Store) pruneService(ctx context.Context, service string, before int64, keep int, opts PruneOptions) (int, error) {
	var keepFrom, newestOK int64
	err := s.db.QueryRowContext(ctx, keepFromQuery, service, keep-1).Scan(&keepFrom)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // no more than keep check-ins
	}
	if err != nil {
		return 0, fmt.Errorf("find the newest %d: %w", keep, err)
	}
	err = s.db.QueryRowContext(ctx, newestOKIDQuery, service).Scan(&newestOK)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find the newest OK: %w", err)
	}
	deleted := 0
	after := int64(0)
	for {
		first, last, done, err := s.oldRange(ctx, service, after, keepFrom, before, opts.Batch)
		if err != nil || last == 0 {
			return deleted, err
		}
		res, err := s.db.ExecContext(ctx, deleteRangeQuery, service, first, last, newestOK)
		if err != nil {
			return deleted, fmt.Errorf("delete: %w", err)
		}
		n, _ := res.RowsAffected()
		deleted += int(n)
		after = last
		if done {
			return deleted, nil
		}
		select {
		case <-ctx.Done():
			return deleted, ctx.Err()
		case <-time.After(opts.Pause):
		}
	}
}

// oldRange finds the next run of up to limit check-ins of a service after id after and before
// id keepFrom that were all received before before. Check-in ids grow with time, so the first
// newer one ends the search (done). last is 0 when there is nothing to delete.
func (s *Store) oldRange(ctx context.Context, service string, after, keepFrom, before int64, limit int) (first, last int64, done bool, err error) {
	rows, err := s.db.QueryContext(ctx, oldestQuery, service, after, keepFrom, limit)
	if err != nil {
		return 0, 0, false, fmt.Errorf("find old check-ins: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return 0, 0, false, fmt.Errorf("find old check-ins: %w", err)
		}
		n++
		if at >= before {
			return first, last, true, nil
		}
		if first == 0 {
			first = id
		}
		last = id
	}
	if err := rows.Err(); err != nil {
		return 0, 0, false, fmt.Errorf("find old check-ins: %w", err)
	}
	return first, last, n < limit, nil
}
