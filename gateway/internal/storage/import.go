package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// PrepareImport readies the rows of an import into service as both engines store them: copies
// with the service set and no id, each checked by Validate (a bad row fails the whole import,
// naming its place), in time order (rows of one time keep their order).
func PrepareImport(service string, rows []Checkin) ([]Checkin, error) {
	sorted := make([]Checkin, len(rows))
	for i, c := range rows {
		c.Service, c.ID = service, 0
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("import row %d: %w", i, err)
		}
		sorted[i] = c
	}
	slices.SortStableFunc(sorted, func(a, b Checkin) int { return a.At.Compare(b.At) })
	return sorted, nil
}

// importKey is what makes two check-ins of a service equal for an import: time, status, kind
// and info (not the run id or the duration).
type importKey struct {
	at     int64
	status checkin.Status
	kind   checkin.Kind
	info   string
}

// Dedup tells which rows of one import to skip, so that running an import again adds nothing:
// a row equal to an earlier row of the import, or to a stored check-in. Only a row not newer
// than the service's newest stored check-in can equal a stored one, so only those cost the
// engine a lookup; rows that add to the end of a history are found in memory.
type Dedup struct {
	storedUntil time.Time
	seen        map[importKey]bool
}

// NewDedup starts the dedup of an import of n rows into a service whose newest stored
// check-in (of any kind) is at storedUntil; the zero time when it has none.
func NewDedup(storedUntil time.Time, n int) *Dedup {
	return &Dedup{storedUntil: storedUntil, seen: make(map[importKey]bool, n)}
}

// Skip reports whether c repeats an earlier row of the import or, asking stored for rows not
// newer than storedUntil, a stored check-in. A row it does not skip counts as part of the
// import from then on.
func (d *Dedup) Skip(ctx context.Context, c *Checkin, stored func(ctx context.Context, c *Checkin) (bool, error)) (bool, error) {
	k := importKey{c.At.UnixNano(), c.Status, c.Kind, c.Info}
	if d.seen[k] {
		return true, nil
	}
	if !c.At.After(d.storedUntil) {
		dup, err := stored(ctx, c)
		if err != nil || dup {
			return dup, err
		}
	}
	d.seen[k] = true
	return false, nil
}
