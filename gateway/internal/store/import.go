package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// dupQuery finds a stored check-in equal to one being imported.
const dupQuery = `SELECT 1 FROM checkins WHERE service = ? AND received_at = ?
	AND status = ? AND kind = ? AND info = ? LIMIT 1`

// dupKey is what makes two check-ins of a service equal for Import.
type dupKey struct {
	at     int64
	status checkin.Status
	kind   checkin.Kind
	info   string
}

// Import stores check-ins of one service that carry their own times (from another gateway's
// database, or a backup), in one transaction, applying the rules of Add in time order. A row
// equal in service, time, status, kind and info to a stored one is skipped, so running an
// import again adds nothing. An imported report becomes the newest only if it is newer (by
// time) than the stored ones. It returns how many rows it added; on error, none were added.
// The rows' Service fields are ignored.
func (s *Store) Import(ctx context.Context, service string, rows []Checkin) (added int, err error) {
	sorted := make([]Checkin, len(rows))
	for i, c := range rows {
		c.Service, c.ID = service, 0
		if err := c.Validate(); err != nil {
			return 0, fmt.Errorf("import row %d: %w", i, err)
		}
		sorted[i] = c
	}
	slices.SortStableFunc(sorted, func(a, b Checkin) int { return a.At.Compare(b.At) })
	if err := s.watch.Failed(); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writer.Closed() {
		return 0, ErrClosed
	}
	// A row newer than everything stored can only repeat a row of this call: those are found
	// in memory, sparing a query per row when an import adds to the end of a history.
	sum, stored := s.summaries.Get(service)
	seen := map[dupKey]bool{}
	w := s.beginWrite()
	w.ctx = ctx
	// An import stores the summaries with its rows: its rows may be old, and retention may
	// delete old rows, but never rows the summary table covers.
	w.checkpoint = true
	err = w.run(func(tx *writeTx) error {
		added = 0
		dup, err := tx.tx.PrepareContext(ctx, dupQuery)
		if err != nil {
			return fmt.Errorf("prepare import: %w", err)
		}
		defer dup.Close()
		for i := range sorted {
			c := &sorted[i]
			if !stored || c.At.After(sum.NewestAt) {
				key := dupKey{c.At.UnixNano(), c.Status, c.Kind, c.Info}
				if seen[key] {
					continue
				}
				seen[key] = true
			} else {
				var one int
				err := dup.QueryRowContext(ctx, service, c.At.UnixNano(), c.Status.String(), c.Kind.String(), c.Info).Scan(&one)
				if err == nil {
					continue
				}
				if !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("import into %s: %w", service, err)
				}
			}
			if err := tx.apply(c); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err = s.finishWrite(w, err); err != nil {
		return 0, fmt.Errorf("import into %s: %w", service, err)
	}
	return added, nil
}
