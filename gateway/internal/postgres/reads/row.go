package reads

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// row is one check-in as the columns hold it. Its fields are pointers so that a row of a LEFT
// JOIN that found nothing scans as nil.
type row struct {
	id, at, duration          *int64
	status, info, kind, runID *string
}

// columns are what every query of check-ins selects, in scanTargets' order (SQLite's order).
const columns = storage.Columns

func (r *row) scanTargets() []any {
	return []any{&r.id, &r.status, &r.info, &r.at, &r.kind, &r.runID, &r.duration}
}

// checkin converts the row; a row of NULLs is the zero Checkin.
func (r *row) checkin(service string) (storage.Checkin, error) {
	if r.id == nil {
		return storage.Checkin{}, nil
	}
	c, err := storage.Row{ID: *r.id, At: *r.at, Duration: *r.duration, Status: *r.status, Info: *r.info,
		Kind: *r.kind, RunID: *r.runID}.Checkin(service)
	if err != nil {
		return storage.Checkin{}, fmt.Errorf("check-in %d: %w", *r.id, err)
	}
	return c, nil
}
