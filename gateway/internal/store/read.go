package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

const (
	latestQuery = `SELECT id, status, info, received_at FROM checkins
		WHERE service = ? ORDER BY id DESC LIMIT 1`
	latestOKQuery = `SELECT id, status, info, received_at FROM checkins
		WHERE service = ? AND status = 'OK' ORDER BY id DESC LIMIT 1`
	historyQuery = `SELECT id, status, info, received_at FROM checkins
		WHERE service = ? ORDER BY id DESC LIMIT ?`
)

// readLatest reads the newest check-in of a service and its newest OK check-in from the
// database. A missing one is the zero Checkin (its At is zero).
func (s *Store) readLatest(ctx context.Context, service string) (latest, latestOK Checkin, err error) {
	latest, found, err := s.one(ctx, latestQuery, service)
	if err != nil || !found {
		return Checkin{}, Checkin{}, err
	}
	if latest.Status == checkin.OK {
		return latest, latest, nil
	}
	latestOK, _, err = s.one(ctx, latestOKQuery, service)
	return latest, latestOK, err
}

func (s *Store) one(ctx context.Context, query, service string) (Checkin, bool, error) {
	c, err := scanCheckin(s.db.QueryRowContext(ctx, query, service), service)
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, false, nil
	}
	if err != nil {
		return Checkin{}, false, fmt.Errorf("read newest check-in of %s: %w", service, err)
	}
	return c, true, nil
}

// scanCheckin reads one row of (id, status, info, received_at), as every query here selects it.
func scanCheckin(row interface{ Scan(...any) error }, service string) (Checkin, error) {
	c := Checkin{Service: service}
	var status string
	var at int64
	if err := row.Scan(&c.ID, &status, &c.Info, &at); err != nil {
		return Checkin{}, err
	}
	var err error
	if c.Status, err = checkin.ParseStatus(status); err != nil {
		return Checkin{}, err
	}
	c.At = time.Unix(0, at).UTC()
	return c, nil
}

// History returns up to limit check-ins of a service, newest first.
func (s *Store) History(ctx context.Context, service string, limit int) ([]Checkin, error) {
	rows, err := s.db.QueryContext(ctx, historyQuery, service, limit)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		c, err := scanCheckin(rows, service)
		if err != nil {
			return nil, fmt.Errorf("read history of %s: %w", service, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	return out, nil
}
