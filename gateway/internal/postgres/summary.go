package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// summaryQuery reads a service's summary with its newest report, newest OK report and newest
// open run: a handful of primary-key and index lookups, whatever the history's length.
const summaryQuery = `SELECT s.last_duration_ns,
	l.id, l.status, l.info, l.received_at, l.kind, l.run_id, l.duration_ns,
	o.id, o.status, o.info, o.received_at, o.kind, o.run_id, o.duration_ns,
	r.run_id, r.started_at
	FROM service_summary s
	LEFT JOIN checkins l ON l.id = s.latest_id
	LEFT JOIN checkins o ON o.id = s.latest_ok_id
	LEFT JOIN LATERAL (SELECT run_id, started_at FROM open_runs WHERE service = s.service
		ORDER BY started_at DESC, start_id DESC LIMIT 1) r ON true
	WHERE s.service = $1`

// Summary returns a service's newest report, newest OK report, last run duration and open run.
// It reads the database every time (no cache), so what any gateway committed is seen at once.
// A service without check-ins has the zero Summary.
func (s *Store) Summary(ctx context.Context, service string) (store.Summary, error) {
	var sum store.Summary
	var dur int64
	var l, o row
	var runID *string
	var started *int64
	dest := append([]any{&dur}, l.scanTargets()...)
	dest = append(append(dest, o.scanTargets()...), &runID, &started)
	err := s.pool.QueryRow(ctx, summaryQuery, service).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Summary{}, nil
	}
	if err == nil {
		sum.Latest, err = l.checkin(service)
	}
	if err == nil {
		sum.LatestOK, err = o.checkin(service)
	}
	if err != nil {
		return store.Summary{}, fmt.Errorf("read summary of %s: %w", service, err)
	}
	sum.LastDuration = time.Duration(dur)
	if started != nil {
		sum.RunningSince, sum.RunID = time.Unix(0, *started).UTC(), *runID
	}
	return sum, nil
}

// Latest returns the newest report of a service and its newest OK report, as Summary does.
func (s *Store) Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error) {
	sum, err := s.Summary(ctx, service)
	return sum.Latest, sum.LatestOK, err
}

// Warm does nothing: Summary reads the database each time.
func (s *Store) Warm(ctx context.Context, services []string) error { return ctx.Err() }
