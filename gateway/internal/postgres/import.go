package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Import stores check-ins of one service that carry their own times, in one transaction,
// applying the rules of Add in time order, as the SQLite store does: a row equal in service,
// time, status, kind and info to a stored one is skipped, so running an import again adds
// nothing, and an imported report becomes the newest only if it is newer than the stored ones.
// It returns how many rows it added; on error, none were added. The rows' Service fields are
// ignored.
func (s *Store) Import(ctx context.Context, service string, rows []store.Checkin) (added int, err error) {
	sorted := make([]store.Checkin, len(rows))
	for i, c := range rows {
		c.Service, c.ID, c.Imported = service, 0, true
		if err := c.Validate(); err != nil {
			return 0, fmt.Errorf("import row %d: %w", i, err)
		}
		sorted[i] = c
	}
	slices.SortStableFunc(sorted, func(a, b store.Checkin) int { return a.At.Compare(b.At) })
	if s.writer.Closed() {
		return 0, store.ErrClosed
	}
	// A row equal to another of this call is found in memory; only rows not newer than the
	// service's newest stored check-in can equal a stored one, and are looked up. So the rows
	// need not be in the table before the next is checked, and go in with one statement.
	type key struct {
		at                 int64
		status, kind, info string
	}
	err = writetx.Run(ctx, s.wpool, []string{service}, len(sorted), func(w *writetx.Tx) error {
		added = 0
		storedUntil := w.NewestAt(service)
		seen := make(map[key]bool, len(sorted))
		for i := range sorted {
			c := &sorted[i]
			k := key{c.At.UTC().UnixNano(), c.Status.String(), c.Kind.String(), c.Info}
			if seen[k] {
				continue
			}
			if !c.At.After(storedUntil) {
				stored, err := w.Has(service, k.at, k.status, k.kind, k.info)
				if err != nil {
					return fmt.Errorf("import into %s: %w", service, err)
				}
				if stored {
					continue
				}
			}
			if err := w.Apply(c); err != nil {
				return err
			}
			seen[k] = true
			added++
		}
		return nil
	})
	s.health.Record(err)
	if err != nil {
		return 0, fmt.Errorf("import into %s: %w: %w", service, store.ErrUnavailable, err)
	}
	return added, nil
}
