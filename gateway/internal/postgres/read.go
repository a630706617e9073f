package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// columns are what every query of check-ins selects, in scanCheckin's order.
const columns = `id, kind, status, info, received_at, run_id, duration_ns`

const (
	latestQuery = `SELECT l.id, l.kind, l.status, l.info, l.received_at, l.run_id, l.duration_ns,
		o.id, o.kind, o.status, o.info, o.received_at, o.run_id, o.duration_ns
		FROM service_summary s JOIN checkins l ON l.id = s.latest_id
		LEFT JOIN checkins o ON o.id = s.latest_ok_id
		WHERE s.service = $1`
	historyQuery = `SELECT ` + columns + ` FROM checkins
		WHERE service = $1 ORDER BY received_at DESC, id DESC LIMIT $2`
)

// Latest returns the newest report of a service and its newest OK report, read from the
// database (no cache, so what any gateway committed is seen). A missing one is the zero
// Checkin (its At is zero).
func (s *Store) Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error) {
	var l, o row
	err = s.pool.QueryRow(ctx, latestQuery, service).Scan(append(l.scanTargets(), o.scanTargets()...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Checkin{}, store.Checkin{}, nil
	}
	if err == nil {
		latest, err = l.checkin(service)
	}
	if err == nil {
		latestOK, err = o.checkin(service)
	}
	if err != nil {
		return store.Checkin{}, store.Checkin{}, fmt.Errorf("read newest check-in of %s: %w", service, err)
	}
	return latest, latestOK, nil
}

// History returns up to limit check-ins of a service, newest first.
func (s *Store) History(ctx context.Context, service string, limit int) ([]store.Checkin, error) {
	rows, err := s.pool.Query(ctx, historyQuery, service, limit)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	out, err := collect(rows, service, nil)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	return out, nil
}

// Recent returns a service's check-ins newest first: every one received at or after since, at
// least atLeast of them whatever their age, one more that is older than since, and never more
// than atMost. It stops reading as soon as it has enough.
func (s *Store) Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error) {
	rows, err := s.pool.Query(ctx, historyQuery, service, atMost)
	if err != nil {
		return nil, fmt.Errorf("read recent check-ins of %s: %w", service, err)
	}
	out, err := collect(rows, service, func(out []store.Checkin) bool {
		return len(out) >= atLeast && out[len(out)-1].At.Before(since)
	})
	if err != nil {
		return nil, fmt.Errorf("read recent check-ins of %s: %w", service, err)
	}
	return out, nil
}

// collect reads rows of columns until they end or enough says so.
func collect(rows pgx.Rows, service string, enough func([]store.Checkin) bool) ([]store.Checkin, error) {
	defer rows.Close()
	var out []store.Checkin
	for rows.Next() {
		var r row
		if err := rows.Scan(r.scanTargets()...); err != nil {
			return nil, err
		}
		c, err := r.checkin(service)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		if enough != nil && enough(out) {
			break
		}
	}
	return out, rows.Err()
}
