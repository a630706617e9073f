package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store/writetx"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

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
		c.Service, c.ID, c.Imported = service, 0, true
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
	// An import stores the summaries with its rows: its rows may be old, and retention may
	// delete old rows, but never rows the summary table covers.
	err = s.write(ctx, true, func(tx *writetx.Tx) error {
		added = 0
		dups, err := tx.Duplicates()
		if err != nil {
			return err
		}
		defer dups.Close()
		for i := range sorted {
			c := &sorted[i]
			if !stored || c.At.After(sum.NewestAt) {
				key := dupKey{c.At.UnixNano(), c.Status, c.Kind, c.Info}
				if seen[key] {
					continue
				}
				seen[key] = true
			} else {
				dup, err := dups.Has(c)
				if err != nil {
					return fmt.Errorf("import into %s: %w", service, err)
				}
				if dup {
					continue
				}
			}
			if err := tx.Apply(c); err != nil {
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
