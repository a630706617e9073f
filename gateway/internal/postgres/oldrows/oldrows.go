// Package oldrows finds and deletes the check-ins the PostgreSQL engine's prunes may delete, by
// age (Prune) and by size (PruneToBytes): never a service's newest report or newest OK
// report, nor its newest keep. The engine holds the prune lock and counts what they deleted.
package oldrows

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	keepFromQuery = `SELECT received_at, id FROM checkins WHERE service = $1
		ORDER BY received_at DESC, id DESC OFFSET $2 LIMIT 1`
	// deleteOldQuery deletes up to $5 of a service's check-ins older than both the newest
	// keep ($2, $3) and the cut-off ($4), never its newest report or newest OK report.
	deleteOldQuery = `DELETE FROM checkins WHERE id IN (
		SELECT id FROM checkins WHERE service = $1 AND (received_at, id) < ($2, $3) AND received_at < $4
		AND id NOT IN (SELECT coalesce(latest_id, 0) FROM service_summary WHERE service = $1
			UNION ALL SELECT coalesce(latest_ok_id, 0) FROM service_summary WHERE service = $1)
		ORDER BY received_at, id LIMIT $5)`
	// sizesQuery walks a service's history newest first with each check-in's size.
	// octet_length of a value kept out of line (TOAST) reads its length, not the value.
	sizesQuery = `SELECT received_at, id, octet_length(info) + octet_length(run_id) FROM checkins
		WHERE service = $1 ORDER BY received_at DESC, id DESC`
)

// Querier runs the queries: a pool or one of its connections.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Position is a check-in's place in its service's history: received at At, then by ID.
type Position struct{ At, ID int64 }

// KeepFrom finds the oldest of a service's newest keep check-ins; found is false when it has
// no more than keep.
func KeepFrom(ctx context.Context, q Querier, service string, keep int) (p Position, found bool, err error) {
	err = q.QueryRow(ctx, keepFromQuery, service, keep-1).Scan(&p.At, &p.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Position{}, false, nil
	}
	if err != nil {
		return Position{}, false, fmt.Errorf("find the newest %d: %w", keep, err)
	}
	return p, true, nil
}

// Delete deletes up to limit of a service's oldest check-ins that are older than both keepFrom
// and before (nanoseconds), never its newest report or newest OK report, and says how many.
func Delete(ctx context.Context, q Querier, service string, keepFrom Position, before int64, limit int) (int64, error) {
	tag, err := q.Exec(ctx, deleteOldQuery, service, keepFrom.At, keepFrom.ID, before, limit)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// CapCut finds the oldest check-in a cap of maxBytes keeps (see storage.RowOverhead): walking
// newest first, the last one before the size passes maxBytes, and never before the newest keep.
// found is false when the whole history fits.
func CapCut(ctx context.Context, q Querier, service string, maxBytes int64, keep int) (keepFrom Position, found bool, err error) {
	rows, err := q.Query(ctx, sizesQuery, service)
	if err != nil {
		return Position{}, false, err
	}
	defer rows.Close()
	var total int64
	var at, id int64
	n := 0
	for rows.Next() {
		var rowAt, rowID, size int64
		if err := rows.Scan(&rowAt, &rowID, &size); err != nil {
			return Position{}, false, err
		}
		n++
		total += size + storage.RowOverhead
		if n > keep && total > maxBytes {
			return Position{At: at, ID: id}, true, nil
		}
		at, id = rowAt, rowID
	}
	return Position{}, false, rows.Err()
}
