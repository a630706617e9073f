package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// historyQuery is the one query behind HistoryPage and HistorySeq: a
	// service's check-ins newest first (by time, then id) from a position, over the
	// (service, received_at, id) index.
	historyQuery = `SELECT ` + checkinColumns + ` FROM checkins
		WHERE service = ? AND (received_at, id) < (?, ?)
		ORDER BY received_at DESC, id DESC LIMIT ?`
	cursorQuery = `SELECT received_at FROM checkins WHERE id = ? AND service = ?`
)

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (the last one of the previous page; 0 starts at the newest).
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error) {
	return storage.Collect(s.HistorySeq(ctx, service, limit, before))
}

// HistorySeq yields what HistoryPage returns, one check-in at a time (see storage.HistorySeq).
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error] {
	return storage.HistorySeq(ctx, historyReader{s.rdb}, service, limit, before)
}

// historyReader runs the history queries on the readers' pool.
type historyReader struct{ db *sql.DB }

func (r historyReader) CursorAt(ctx context.Context, service string, id int64) (at int64, found bool, err error) {
	err = r.db.QueryRowContext(ctx, cursorQuery, id, service).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return at, err == nil, err
}

func (r historyReader) HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]storage.Checkin, error) {
	rows, err := r.db.QueryContext(ctx, historyQuery, service, at, id, n)
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
