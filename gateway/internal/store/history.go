package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"
	"time"
)

// ErrUnknownCursor is returned by history reads whose before names no check-in of the service
// (never stored, another service's, or deleted by retention since).
var ErrUnknownCursor = errors.New("no stored check-in of this service has that id")

const (
	// historyQuery is the one query behind History, HistoryPage, HistorySeq and Recent: a
	// service's check-ins newest first (by time, then id) from a position, over the
	// (service, received_at, id) index.
	historyQuery = `SELECT ` + checkinColumns + ` FROM checkins
		WHERE service = ? AND (received_at, id) < (?, ?)
		ORDER BY received_at DESC, id DESC LIMIT ?`
	cursorQuery = `SELECT received_at FROM checkins WHERE id = ? AND service = ?`
)

// historyChunk is how many check-ins HistorySeq reads per query: it holds a reader's connection
// only while it reads them, not while its caller writes them to a slow client.
const historyChunk = 100

// History returns up to limit check-ins of a service, newest first.
func (s *Store) History(ctx context.Context, service string, limit int) ([]Checkin, error) {
	return s.HistoryPage(ctx, service, limit, 0)
}

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (the last one of the previous page; 0 starts at the newest).
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]Checkin, error) {
	var out []Checkin
	for c, err := range s.HistorySeq(ctx, service, limit, before) {
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// HistorySeq yields what HistoryPage returns, one check-in at a time, reading historyChunk rows
// per query, so a caller can encode a long page without holding it in memory. It stops at the
// first error, which it yields.
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[Checkin, error] {
	return func(yield func(Checkin, error) bool) {
		at, id := int64(math.MaxInt64), int64(math.MaxInt64)
		if before != 0 {
			err := s.rdb.QueryRowContext(ctx, cursorQuery, before, service).Scan(&at)
			if errors.Is(err, sql.ErrNoRows) {
				yield(Checkin{}, ErrUnknownCursor)
				return
			}
			if err != nil {
				yield(Checkin{}, fmt.Errorf("read history of %s: %w", service, err))
				return
			}
			id = before
		}
		for limit > 0 {
			chunk, err := s.historyChunk(ctx, service, at, id, min(limit, historyChunk))
			if err != nil {
				yield(Checkin{}, err)
				return
			}
			for _, c := range chunk {
				if !yield(c, nil) {
					return
				}
			}
			if len(chunk) < min(limit, historyChunk) {
				return
			}
			limit -= len(chunk)
			last := chunk[len(chunk)-1]
			at, id = last.At.UnixNano(), last.ID
		}
	}
}

func (s *Store) historyChunk(ctx context.Context, service string, at, id int64, n int) ([]Checkin, error) {
	rows, err := s.rdb.QueryContext(ctx, historyQuery, service, at, id, n)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	defer rows.Close()
	out := make([]Checkin, 0, n)
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

// Recent returns a service's check-ins newest first: every one received at or after since,
// at least atLeast of them whatever their age, one more that is older than since (so a reader
// knows the state at since), and never more than atMost.
//
// It reads newest first and stops as soon as it has enough, so a long history costs nothing.
func (s *Store) Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]Checkin, error) {
	var out []Checkin
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
