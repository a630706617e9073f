package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// historyQuery is the one query behind HistoryPage and HistorySeq: a
	// service's check-ins newest first (by time, then id) from a position.
	historyQuery = `SELECT ` + columns + ` FROM checkins
		WHERE service = $1 AND (received_at, id) < ($2, $3)
		ORDER BY received_at DESC, id DESC LIMIT $4`
	cursorQuery = `SELECT received_at FROM checkins WHERE id = $1 AND service = $2`
)

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (0 starts at the newest); storage.ErrUnknownCursor when before names
// no check-in of the service.
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error) {
	return storage.Collect(s.HistorySeq(ctx, service, limit, before))
}

// HistorySeq yields what HistoryPage returns, one check-in at a time (see storage.HistorySeq).
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error] {
	return storage.HistorySeq(ctx, historyReader{s.pool}, service, limit, before)
}

// historyReader runs the history queries on the readers' pool.
type historyReader struct{ pool *pgxpool.Pool }

func (r historyReader) CursorAt(ctx context.Context, service string, id int64) (at int64, found bool, err error) {
	err = r.pool.QueryRow(ctx, cursorQuery, id, service).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return at, err == nil, err
}

func (r historyReader) HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]storage.Checkin, error) {
	rows, err := r.pool.Query(ctx, historyQuery, service, at, id, n)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	chunk, err := collect(rows, service)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", service, err)
	}
	return chunk, nil
}

// collect reads rows of columns.
func collect(rows pgx.Rows, service string) ([]storage.Checkin, error) {
	defer rows.Close()
	var out []storage.Checkin
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
