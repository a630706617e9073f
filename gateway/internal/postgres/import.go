package postgres

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Import stores check-ins of one service that carry their own times, in one transaction,
// applying the rules of Add in time order, as the SQLite store does: a row equal in service,
// time, status, kind and info to a stored one is skipped, so running an import again adds
// nothing, and an imported report becomes the newest only if it is newer than the stored ones.
// It returns how many rows it added; on error, none were added. The rows' Service fields are
// ignored.
func (s *Store) Import(ctx context.Context, service string, rows []storage.Checkin) (added int, err error) {
	sorted, err := storage.PrepareImport(service, rows)
	if err != nil {
		return 0, err
	}
	if s.writer.Closed() {
		return 0, storage.ErrClosed
	}
	// Rows go in with one statement just before the commit, so an earlier row of the import is
	// not in the table yet when the next is checked: storage.Dedup remembers them.
	err = writetx.Run(ctx, s.wpool, []string{service}, len(sorted), func(w *writetx.Tx) error {
		added = 0
		dedup := storage.NewDedup(w.NewestAt(service), len(sorted))
		for i := range sorted {
			c := &sorted[i]
			skip, err := dedup.Skip(ctx, c, w.Has)
			if err != nil {
				return fmt.Errorf("import into %s: %w", service, err)
			}
			if skip {
				continue
			}
			if err := w.Apply(ctx, c); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	s.health.Record(err)
	if err != nil {
		return 0, fmt.Errorf("import into %s: %w: %w", service, storage.ErrUnavailable, err)
	}
	return added, nil
}
