package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pace"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Mark is a check-in without its info and run: what a timeline needs, read without reading the
// infos (which may be 64 KiB each).
type Mark struct {
	ID     int64
	At     time.Time
	Status checkin.Status
	Kind   checkin.Kind
}

// MarkColumns are the columns the engines select for a Mark, in MarkRow's order: status and
// kind as the numbers of checkin.Status and checkin.Kind, so that 20,000 rows cost no strings.
const MarkColumns = `id, received_at,
	CASE status WHEN 'OK' THEN 0 WHEN 'WARNING' THEN 1 WHEN 'CRITICAL' THEN 2 WHEN 'UNKNOWN' THEN 3 ELSE -1 END,
	CASE kind WHEN 'report' THEN 0 WHEN 'start' THEN 1 WHEN 'log' THEN 2 ELSE -1 END`

// MarkRow is a Mark as the engines read it (MarkColumns).
type MarkRow struct {
	ID, At, Status, Kind int64
}

// Mark decodes the row.
func (r MarkRow) Mark() (Mark, error) {
	m := Mark{ID: r.ID, At: time.Unix(0, r.At).UTC(), Status: checkin.Status(r.Status), Kind: checkin.Kind(r.Kind)}
	if !m.Status.Valid() || r.Kind < 0 || r.Kind > int64(checkin.KindLog) {
		return Mark{}, fmt.Errorf("check-in %d: unknown status or kind", r.ID)
	}
	return m, nil
}

// MarksDone says whether a walk newest first that has read n marks, the last of them at at,
// has read what it wants: every mark since since and the first one before (it tells the state
// at since), and at least atLeast whatever their age.
func MarksDone(n int, at, since time.Time, atLeast int) bool {
	return n >= atLeast && at.Before(since)
}

// Rows is a query's answer as both engines' drivers give it (database/sql, pgx).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// maxMarksAtOnce bounds the room ReadMarks makes before it reads (960 KB).
const maxMarksAtOnce = 20_000

// ReadMarks reads the rows of a MarkColumns query, newest first, until MarksDone, at the pace
// ctx carries (package pace). atMost is the query's LIMIT: it makes room for that many at once
// (for a status page's 20,000, growing the list as it filled made three times the garbage).
func ReadMarks(ctx context.Context, rows Rows, since time.Time, atLeast, atMost int) ([]Mark, error) {
	out := make([]Mark, 0, min(max(atMost, 0), maxMarksAtOnce))
	var r MarkRow
	dest := []any{&r.ID, &r.At, &r.Status, &r.Kind} // once, not once a row: 20,000 rows made 80,000 allocations
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		m, err := r.Mark()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		if len(out)%64 == 0 {
			pace.Step(ctx)
		}
		if MarksDone(len(out), m.At, since, atLeast) {
			break
		}
	}
	return out, rows.Err()
}
