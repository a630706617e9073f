package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	nextServiceQuery = `SELECT service FROM service_summary WHERE service > ? ORDER BY service LIMIT 1`
	keepFromQuery    = `SELECT received_at, id FROM checkins WHERE service = ?
		ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?`
	oldestQuery = `SELECT id, received_at FROM checkins
		WHERE service = ? AND (received_at, id) > (?, ?) AND (received_at, id) < (?, ?)
		ORDER BY received_at, id LIMIT ?`
	deleteRangeQuery = `DELETE FROM checkins WHERE service = ?
		AND (received_at, id) >= (?, ?) AND (received_at, id) <= (?, ?) AND id NOT IN (?, ?) AND id <= ?`
)

// Prune deletes check-ins received before the given time, except each service's newest keep
// check-ins, its newest report and its newest OK report (so that its state never changes).
// It walks the services one by one over the indexes, deleting at most opts.Batch rows per
// transaction, and returns how many rows it deleted.
func (s *Store) Prune(ctx context.Context, before time.Time, keep int, opts storage.PruneOptions) (int, error) {
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	keep = max(keep, 1)
	// The summary table names the services to walk, and check-ins after its checkpoint are
	// kept: store the summaries first.
	if err := s.writeCheckpoint(ctx); err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	deleted := 0
	service := ""
	for {
		err := s.rdb.QueryRowContext(ctx, nextServiceQuery, service).Scan(&service)
		if errors.Is(err, sql.ErrNoRows) {
			return deleted, s.freePages(ctx)
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

// position is a check-in's place in a history: time, then id.
type position struct{ at, id int64 }

func (s *Store) pruneService(ctx context.Context, service string, before int64, keep int, opts storage.PruneOptions) (int, error) {
	var keepFrom position
	err := s.rdb.QueryRowContext(ctx, keepFromQuery, service, keep-1).Scan(&keepFrom.at, &keepFrom.id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // no more than keep check-ins
	}
	if err != nil {
		return 0, fmt.Errorf("find the newest %d: %w", keep, err)
	}
	deleted := 0
	after := position{-1 << 63, 0}
	for {
		first, last, done, err := s.oldRange(ctx, service, after, keepFrom, before, opts.Batch)
		if err != nil || last == (position{}) {
			return deleted, err
		}
		n, err := s.deleteRange(ctx, service, first, last)
		deleted += n
		if err != nil {
			return deleted, err
		}
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

// deleteRange deletes a service's check-ins from first to last, except its newest report and
// newest OK report, read from the summary under the write lock so that no write in between
// (an import of an old OK report, say) can make a deleted row one of them, and except the
// check-ins after the summary checkpoint's mark, which a start after a crash reads again.
func (s *Store) deleteRange(ctx context.Context, service string, first, last position) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	sum, _ := s.summaries.Get(service)
	res, err := s.wdb.ExecContext(ctx, deleteRangeQuery, service, first.at, first.id, last.at, last.id, sum.Latest.ID, sum.LatestOK.ID, s.ckpt.mark)
	if err != nil {
		return 0, fmt.Errorf("delete: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// oldRange finds the next run of up to limit check-ins of a service after position after and
// before keepFrom that were all received before before. The search is in time order, so the
// first newer one ends it (done). last is zero when there is nothing to delete.
func (s *Store) oldRange(ctx context.Context, service string, after, keepFrom position, before int64, limit int) (first, last position, done bool, err error) {
	rows, err := s.rdb.QueryContext(ctx, oldestQuery, service, after.at, after.id, keepFrom.at, keepFrom.id, limit)
	if err != nil {
		return first, last, false, fmt.Errorf("find old check-ins: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p position
		if err := rows.Scan(&p.id, &p.at); err != nil {
			return position{}, position{}, false, fmt.Errorf("find old check-ins: %w", err)
		}
		n++
		if p.at >= before {
			return first, last, true, nil
		}
		if first == (position{}) {
			first = p
		}
		last = p
	}
	if err := rows.Err(); err != nil {
		return position{}, position{}, false, fmt.Errorf("find old check-ins: %w", err)
	}
	return first, last, n < limit, nil
}
