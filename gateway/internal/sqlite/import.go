package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Import stores check-ins of one service that carry their own times (from another gateway's
// database, or a backup), in one transaction, applying the rules of Add in time order. A row
// equal in service, time, status, kind and info to a stored one is skipped, so running an
// import again adds nothing. An imported report becomes the newest only if it is newer (by
// time) than the stored ones. It returns how many rows it added; on error, none were added.
// The rows' Service fields are ignored.
func (s *Store) Import(ctx context.Context, service string, rows []storage.Checkin) (added int, err error) {
	sorted, err := storage.PrepareImport(service, rows)
	if err != nil {
		return 0, err
	}
	if err := s.watch.Failed(); err != nil {
		return 0, fmt.Errorf("%w: %w", storage.ErrUnavailable, err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writer.Closed() {
		return 0, storage.ErrClosed
	}
	// Rows newer than everything stored are checked in memory (see storage.Dedup).
	var storedUntil time.Time
	if sum, ok := s.summaries.Get(service); ok {
		storedUntil = sum.NewestAt
	}
	dedup := storage.NewDedup(storedUntil, len(sorted))
	// An import stores the summaries with its rows: its rows may be old, and retention may
	// delete old rows, but never rows the summary table covers.
	err = s.write(ctx, true, func(tx *writetx.Tx) error {
		added = 0
		dups, err := tx.Duplicates(ctx)
		if err != nil {
			return err
		}
		defer dups.Close()
		for i := range sorted {
			c := &sorted[i]
			skip, err := dedup.Skip(ctx, c, dups.Has)
			if err != nil {
				return fmt.Errorf("import into %s: %w", service, err)
			}
			if skip {
				continue
			}
			if err := tx.Apply(ctx, c); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import into %s: %w", service, err)
	}
	return added, nil
}
