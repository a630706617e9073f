package postgres

import (
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// row is one check-in as the columns hold it. Its fields are pointers so that a row of a LEFT
// JOIN that found nothing scans as nil.
type row struct {
	id, at, duration          *int64
	status, info, kind, runID *string
}

// columns are what every query of check-ins selects, in scanTargets' order (SQLite's order).
const columns = `id, status, info, received_at, kind, run_id, duration_ns`

func (r *row) scanTargets() []any {
	return []any{&r.id, &r.status, &r.info, &r.at, &r.kind, &r.runID, &r.duration}
}

// checkin converts the row; a row of NULLs is the zero Checkin.
func (r *row) checkin(service string) (store.Checkin, error) {
	if r.id == nil {
		return store.Checkin{}, nil
	}
	c := store.Checkin{ID: *r.id, Service: service, Info: *r.info, At: time.Unix(0, *r.at).UTC(),
		RunID: *r.runID, Duration: time.Duration(*r.duration)}
	var err error
	if c.Status, err = checkin.ParseStatus(*r.status); err != nil {
		return store.Checkin{}, fmt.Errorf("check-in %d: %w", c.ID, err)
	}
	if err := c.Kind.UnmarshalText([]byte(*r.kind)); err != nil {
		return store.Checkin{}, fmt.Errorf("check-in %d: %w", c.ID, err)
	}
	return c, nil
}
