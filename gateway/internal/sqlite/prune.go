package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/oldrows"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
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
		next, found, err := oldrows.NextService(ctx, s.rdb, service)
		if err != nil {
			return deleted, fmt.Errorf("prune: find next service: %w", err)
		}
		if !found {
			return deleted, s.freePages(ctx)
		}
		service = next
		n, err := s.pruneService(ctx, service, before.UTC().UnixNano(), keep, opts)
		deleted += n
		if err != nil {
			return deleted, fmt.Errorf("prune %s: %w", service, err)
		}
	}
}

func (s *Store) pruneService(ctx context.Context, service string, before int64, keep int, opts storage.PruneOptions) (int, error) {
	keepFrom, found, err := oldrows.KeepFrom(ctx, s.rdb, service, keep)
	if err != nil || !found { // not found: no more than keep check-ins
		return 0, err
	}
	deleted := 0
	after := oldrows.Position{At: -1 << 63}
	for {
		first, last, done, err := oldrows.Range(ctx, s.rdb, service, after, keepFrom, before, opts.Batch)
		if err != nil || last == (oldrows.Position{}) {
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
func (s *Store) deleteRange(ctx context.Context, service string, first, last oldrows.Position) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	sum, _ := s.summaries.Get(service)
	res, err := s.wdb.ExecContext(ctx, deleteRangeQuery, service, first.At, first.ID, last.At, last.ID, sum.Latest.ID, sum.LatestOK.ID, s.ckpt.Mark)
	if err != nil {
		return 0, fmt.Errorf("delete: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
