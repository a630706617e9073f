package reads

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// summarySelect reads services' summaries with their newest report, newest OK report and
// newest open run: a handful of primary-key and index lookups a service, whatever the history's
// length. summaryQuery reads one service, someSummariesQuery a list of them, everySummaryQuery
// all.
const summarySelect = `SELECT s.service, s.last_duration_ns,
	l.id, l.status, l.info, l.received_at, l.kind, l.run_id, l.duration_ns,
	o.id, o.status, o.info, o.received_at, o.kind, o.run_id, o.duration_ns,
	r.run_id, r.started_at
	FROM service_summary s
	LEFT JOIN checkins l ON l.id = s.latest_id
	LEFT JOIN checkins o ON o.id = s.latest_ok_id
	LEFT JOIN LATERAL (SELECT run_id, started_at FROM open_runs WHERE service = s.service
		ORDER BY started_at DESC, start_id DESC LIMIT 1) r ON true`

const (
	summaryQuery       = summarySelect + ` WHERE s.service = $1`
	someSummariesQuery = summarySelect + ` WHERE s.service = ANY($1)`
	everySummaryQuery  = summarySelect
)

// Summary returns a service's newest report, newest OK report, last run duration and open run.
// It reads the database every time (no cache), so what any gateway committed is seen at once.
// A service without check-ins has the zero Summary.
func (r Reader) Summary(ctx context.Context, service string) (storage.Summary, error) {
	var row summaryRow
	err := r.Pool.QueryRow(ctx, summaryQuery, service).Scan(row.scanTargets()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.Summary{}, nil
	}
	if err != nil {
		return storage.Summary{}, fmt.Errorf("read summary of %s: %w", service, err)
	}
	return row.summary()
}

// EverySummary calls fn with the summary of every service that has one, in one query: the
// lists of all services (the status page, GET /api/v1/services, /metrics) read them so rather
// than with a query a service. Services without check-ins are left out.
func (r Reader) EverySummary(ctx context.Context, fn func(service string, sum storage.Summary)) error {
	return r.readSummaries(ctx, fn, everySummaryQuery)
}

// SummariesOf calls fn with the summary of each of the named services that has one, in one
// query, in no particular order. A service without check-ins is not given.
func (r Reader) SummariesOf(ctx context.Context, names []string, fn func(service string, sum storage.Summary)) error {
	return r.readSummaries(ctx, fn, someSummariesQuery, names)
}

func (r Reader) readSummaries(ctx context.Context, fn func(service string, sum storage.Summary), query string, args ...any) error {
	rows, err := r.Pool.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read summaries: %w", err)
	}
	defer rows.Close()
	var row summaryRow
	for rows.Next() {
		if err := rows.Scan(row.scanTargets()...); err != nil {
			return fmt.Errorf("read summaries: %w", err)
		}
		sum, err := row.summary()
		if err != nil {
			return err
		}
		fn(row.service, sum)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read summaries: %w", err)
	}
	return nil
}

// summaryRow is one row of summarySelect.
type summaryRow struct {
	service string
	dur     int64
	l, o    row
	runID   *string
	started *int64
}

func (r *summaryRow) scanTargets() []any {
	dest := append([]any{&r.service, &r.dur}, r.l.scanTargets()...)
	return append(append(dest, r.o.scanTargets()...), &r.runID, &r.started)
}

func (r *summaryRow) summary() (storage.Summary, error) {
	var sum storage.Summary
	var err error
	sum.Latest, err = r.l.checkin(r.service)
	if err == nil {
		sum.LatestOK, err = r.o.checkin(r.service)
	}
	if err != nil {
		return storage.Summary{}, fmt.Errorf("read summary of %s: %w", r.service, err)
	}
	sum.LastDuration = time.Duration(r.dur)
	if r.started != nil {
		sum.RunningSince, sum.RunID = time.Unix(0, *r.started).UTC(), *r.runID
	}
	return sum, nil
}
