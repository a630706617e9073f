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
		if err := validate(c); err != nil {
			return 0, fmt.Errorf("import row %d: %w", i, err)
		}
		sorted[i] = c
	}
	slices.SortStableFunc(sorted, func(a, b store.Checkin) int { return a.At.Compare(b.At) })
	if s.writer.isClosed() {
		return 0, store.ErrClosed
	}
	// Rows are inserted one by one (no reserved ids), so that each duplicate check sees the
	// rows imported before it.
	err = runWrite(ctx, s.wpool, []string{service}, 0, func(w *writeTx) error {
		added = 0
		for i := range sorted {
			c := &sorted[i]
			var one int
			err := w.tx.QueryRow(ctx, dupQuery, service, c.At.UTC().UnixNano(), c.Status.String(), c.Kind.String(), c.Info).Scan(&one)
			if err == nil {
				continue
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("import into %s: %w", service, err)
			}
			if err := w.apply(c); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	s.recordWrite(err)
	if err != nil {
		return 0, fmt.Errorf("import into %s: %w: %w", service, store.ErrUnavailable, err)
	}
	return added, nil
}
