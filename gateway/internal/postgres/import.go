package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// dupQuery finds a stored check-in equal to one being imported.
const dupQuery = `SELECT 1 FROM checkins WHERE service = $1 AND received_at = $2
	AND status = $3 AND kind = $4 AND info = $5 LIMIT 1`

// Import stores check-ins of one service that carry their own times, in one transaction,
// applying the rules of Add in time order, as the SQLite store does: a row equal in service,
// time, status, kind and info to a stored one is skipped, so running an import again adds
// nothing, and an imported report becomes the newest only if it is newer than the stored ones.
// It returns how many rows it added; on error, none were added. The rows' Service fields are
// ignored.
func (s *Store) Import(ctx context.Context, service string, rows []store.Checkin) (added int, err error) {
	sorted := make([]store.Checkin, len(rows))
	for i, c := range rows {
		c.Service, c.ID = service, 0
		if err := c.Validate(); err != nil {
			return 0, fmt.Errorf("import row %d: %w", i, err)
		}
		sorted[i] = c
	}
	slices.SortStableFunc(sorted, func(a, b store.Checkin) int { return a.At.Compare(b.At) })
	if s.writer.isClosed() {
		return 0, store.ErrClosed
	}
	// A row equal to another of this call is found in memory; only rows not newer than the
	// service's newest stored check-in can equal a stored one, and are looked up. So the rows
	// need not be in the table before the next is checked, and go in with one statement.
	type key struct {
		at                 int64
		status, kind, info string
	}
	err = runWrite(ctx, s.wpool, []string{service}, len(sorted), func(w *writeTx) error {
		added = 0
		storedUntil := w.sums[service].NewestAt
		seen := make(map[key]bool, len(sorted))
		for i := range sorted {
			c := &sorted[i]
			k := key{c.At.UTC().UnixNano(), c.Status.String(), c.Kind.String(), c.Info}
			if seen[k] {
				continue
			}
			if !c.At.After(storedUntil) {
				var one int
				err := w.tx.QueryRow(ctx, dupQuery, service, k.at, k.status, k.kind, k.info).Scan(&one)
				if err == nil {
					continue
				}
				if !errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("import into %s: %w", service, err)
				}
			}
			if err := w.apply(c); err != nil {
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
