package store

import (
	"context"
	"fmt"
	"time"
)

const recentQuery = `SELECT id, status, info, received_at FROM checkins
	WHERE service = ? ORDER BY id DESC LIMIT ?`

// Recent returns a service's check-ins newest first: every one received at or after since,
// at least atLeast of them whatever their age, one more that is older than since (so a reader
// knows the state at since), and never more than atMost.
//
// It reads in arrival order and stops as soon as it has enough, so a long history costs nothing.
// Arrival order is time order because the gateway stamps each check-in as it arrives.
func (s *Store) Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]Checkin, error) {
	rows, err := s.db.QueryContext(ctx, recentQuery, service, atMost)
	if err != nil {
		return nil, fmt.Errorf("read recent check-ins of %s: %w", service, err)
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		c, err := scanCheckin(rows, service)
		if err != nil {
			return nil, fmt.Errorf("read recent check-ins of %s: %w", service, err)
		}
		out = append(out, c)
		if len(out) >= atLeast && c.At.Before(since) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read recent check-ins of %s: %w", service, err)
	}
	return out, nil
}
