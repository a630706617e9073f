package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

const (
	// historyQuery is the one query behind History, HistoryPage, HistorySeq and Recent: a
	// service's check-ins newest first (by time, then id) from a position.
	historyQuery = `SELECT ` + columns + ` FROM checkins
		WHERE service = $1 AND (received_at, id) < ($2, $3)
		ORDER BY received_at DESC, id DESC LIMIT $4`
	cursorQuery = `SELECT received_at FROM checkins WHERE id = $1 AND service = $2`
)

// historyChunk is how many check-ins HistorySeq reads per query.
const historyChunk = 100

// History returns up to limit check-ins of a service, newest first.
func (s *Store) History(ctx context.Context, service string, limit int) ([]store.Checkin, error) {
	return s.HistoryPage(ctx, service, limit, 0)
}

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (0 starts at the newest); store.ErrUnknownCursor when before names
// no check-in of the service.
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]store.Checkin, error) {
	var out []store.Checkin
	for c, err := range s.HistorySeq(ctx, service, limit, before) {
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// HistorySeq yields what HistoryPage returns, one check-in at a time, reading historyChunk rows
// per query. It stops at the first error, which it yields.
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[store.Checkin, error] {
	return func(yield func(store.Checkin, error) bool) {
		at, id := int64(math.MaxInt64), int64(math.MaxInt64)
		if before != 0 {
			err := s.pool.QueryRow(ctx, cursorQuery, before, service).Scan(&at)
			if errors.Is(err, pgx.ErrNoRows) {
				yield(store.Checkin{}, store.ErrUnknownCursor)
				return
			}
			if err != nil {
				yield(store.Checkin{}, fmt.Errorf("read history of %s: %w", service, err))
				return
			}
			id = before
		}
		for limit > 0 {
			n := min(limit, historyChunk)
			rows, err := s.pool.Query(ctx, historyQuery, service, at, id, n)
			if err != nil {
				yield(store.Checkin{}, fmt.Errorf("read history of %s: %w", service, err))
				return
			}
			chunk, err := collect(rows, service)
			if err != nil {
				yield(store.Checkin{}, fmt.Errorf("read history of %s: %w", service, err))
				return
			}
			for _, c := range chunk {
				if !yield(c, nil) {
					return
				}
			}
			if len(chunk) < n {
				return
			}
			limit -= len(chunk)
			last := chunk[len(chunk)-1]
			at, id = last.At.UnixNano(), last.ID
		}
	}
}

// Recent returns a service's check-ins newest first: every one received at or after since, at
// least atLeast of them whatever their age, one more that is older than since, and never more
// than atMost. It stops reading as soon as it has enough.
func (s *Store) Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error) {
	var out []store.Checkin
	for c, err := range s.HistorySeq(ctx, service, atMost, 0) {
		if err != nil {
			return nil, fmt.Errorf("read recent check-ins: %w", err)
		}
		out = append(out, c)
		if len(out) >= atLeast && c.At.Before(since) {
			break
		}
	}
	return out, nil
}

// collect reads rows of columns.
func collect(rows pgx.Rows, service string) ([]store.Checkin, error) {
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
	}
	return out, rows.Err()
}
