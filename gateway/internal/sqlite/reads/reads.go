package reads

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// The queries are exported for sqlite's test of their plans.
const (
	// HistoryQuery is the one query behind the engine's HistoryPage and HistorySeq: a
	// service's check-ins newest first (by time, then id) from a position, over the
	// (service, received_at, id) index.
	HistoryQuery = `SELECT ` + checkinColumns + ` FROM checkins
		WHERE service = ? AND (received_at, id) < (?, ?)
		ORDER BY received_at DESC, id DESC LIMIT ?`
	CursorQuery = `SELECT received_at FROM checkins WHERE id = ? AND service = ?`
)

// MarksQuery reads a history newest first without its infos, from the checkins_service_at
// index alone (migration 0007).
const MarksQuery = `SELECT ` + storage.MarkColumns + ` FROM checkins
	WHERE service = ? ORDER BY received_at DESC, id DESC LIMIT ?`

// NextHeldServiceQuery hops over the (service, received_at) index: one lookup a service,
// however long the histories.
const NextHeldServiceQuery = `SELECT service FROM checkins WHERE service > ? ORDER BY service LIMIT 1`

// Reader runs the reads on the readers' pool DB.
type Reader struct{ DB *sql.DB }

// CursorAt returns the time of a service's check-in id, for the next page of its history.
func (r Reader) CursorAt(ctx context.Context, service string, id int64) (at int64, found bool, err error) {
	err = r.DB.QueryRowContext(ctx, CursorQuery, id, service).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return at, err == nil, err
}

// HistoryChunk returns up to n check-ins of a service, newest first, before (at, id).
func (r Reader) HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]storage.Checkin, error) {
	rows, err := r.DB.QueryContext(ctx, HistoryQuery, service, at, id, n)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	defer rows.Close()
	out := make([]storage.Checkin, 0, n)
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

// Marks returns a service's check-ins without their infos, newest first: every one received at
// or after since and the first one before it, at least atLeast whatever their age, at most
// atMost.
func (r Reader) Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error) {
	rows, err := r.DB.QueryContext(ctx, MarksQuery, service, atMost)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	defer rows.Close()
	out, err := storage.ReadMarks(ctx, rows, since, atLeast, atMost)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	return out, nil
}

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it.
func (r Reader) Services(ctx context.Context) ([]string, error) {
	var out []string
	name := ""
	for {
		err := r.DB.QueryRowContext(ctx, NextHeldServiceQuery, name).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("list services: %w", err)
		}
		out = append(out, name)
	}
}
