package reads

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// historyQuery is the one query behind the engine's HistoryPage and HistorySeq: a
	// service's check-ins newest first (by time, then id) from a position.
	historyQuery = `SELECT ` + columns + ` FROM checkins
		WHERE service = $1 AND (received_at, id) < ($2, $3)
		ORDER BY received_at DESC, id DESC LIMIT $4`
	cursorQuery = `SELECT received_at FROM checkins WHERE id = $1 AND service = $2`
)

// CursorAt and HistoryChunk make Reader the storage.HistoryReader behind the engine's
// HistorySeq. CursorAt finds the time of the check-in id of service.
func (r Reader) CursorAt(ctx context.Context, service string, id int64) (at int64, found bool, err error) {
	err = r.Pool.QueryRow(ctx, cursorQuery, id, service).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return at, err == nil, err
}

// HistoryChunk reads up to n check-ins of service before the position (at, id), newest first.
func (r Reader) HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]storage.Checkin, error) {
	rows, err := r.Pool.Query(ctx, historyQuery, service, at, id, n)
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
