// Package oldrows finds the check-ins the SQLite engine's prunes may delete, by age (Prune)
// and by size (PruneToBytes), reading the indexes on the read pool; package sqlite deletes
// them under its writer.
package oldrows

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// The queries, exported for sqlite's test of their plans.
const (
	NextServiceQuery = `SELECT service FROM service_summary WHERE service > ? ORDER BY service LIMIT 1`
	KeepFromQuery    = `SELECT received_at, id FROM checkins WHERE service = ?
		ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?`
	OldestQuery = `SELECT id, received_at FROM checkins
		WHERE service = ? AND (received_at, id) > (?, ?) AND (received_at, id) < (?, ?)
		ORDER BY received_at, id LIMIT ?`
	// SizesQuery walks a service's history newest first with each check-in's size.
	// octet_length reads the length from the row's header: the infos are not read.
	SizesQuery = `SELECT received_at, id, octet_length(info) + octet_length(run_id) FROM checkins
		WHERE service = ? ORDER BY received_at DESC, id DESC`
)

// Position is a check-in's place in a history: time (Unix nanoseconds), then id.
type Position struct{ At, ID int64 }

// NextService returns the first service with a summary after the given one; found is false
// past the last.
func NextService(ctx context.Context, db *sql.DB, after string) (service string, found bool, err error) {
	err = db.QueryRowContext(ctx, NextServiceQuery, after).Scan(&service)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return service, err == nil, err
}

// KeepFrom returns the position of a service's newest keep-th check-in; found is false when
// it has no more than keep.
func KeepFrom(ctx context.Context, db *sql.DB, service string, keep int) (p Position, found bool, err error) {
	err = db.QueryRowContext(ctx, KeepFromQuery, service, keep-1).Scan(&p.At, &p.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return Position{}, false, nil
	}
	if err != nil {
		return Position{}, false, fmt.Errorf("find the newest %d: %w", keep, err)
	}
	return p, true, nil
}

// Range finds the next run of up to limit check-ins of a service after position after and
// before keepFrom that were all received before before. The search is in time order, so the
// first newer one ends it (done). last is zero when there is nothing to delete.
func Range(ctx context.Context, db *sql.DB, service string, after, keepFrom Position, before int64, limit int) (first, last Position, done bool, err error) {
	rows, err := db.QueryContext(ctx, OldestQuery, service, after.At, after.ID, keepFrom.At, keepFrom.ID, limit)
	if err != nil {
		return first, last, false, fmt.Errorf("find old check-ins: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p Position
		if err := rows.Scan(&p.ID, &p.At); err != nil {
			return Position{}, Position{}, false, fmt.Errorf("find old check-ins: %w", err)
		}
		n++
		if p.At >= before {
			return first, last, true, nil
		}
		if first == (Position{}) {
			first = p
		}
		last = p
	}
	if err := rows.Err(); err != nil {
		return Position{}, Position{}, false, fmt.Errorf("find old check-ins: %w", err)
	}
	return first, last, n < limit, nil
}

// CapCut finds the oldest check-in a cap of maxBytes keeps: walking newest first, the last one
// before the size (see storage.RowOverhead) passes maxBytes, and never before the newest
// keep. found is false when the whole history fits.
func CapCut(ctx context.Context, db *sql.DB, service string, maxBytes int64, keep int) (keepFrom Position, found bool, err error) {
	rows, err := db.QueryContext(ctx, SizesQuery, service)
	if err != nil {
		return Position{}, false, fmt.Errorf("cap history of %s: %w", service, err)
	}
	defer rows.Close()
	var total int64
	n := 0
	for rows.Next() {
		var p Position
		var size int64
		if err := rows.Scan(&p.At, &p.ID, &size); err != nil {
			return Position{}, false, fmt.Errorf("cap history of %s: %w", service, err)
		}
		n++
		total += size + storage.RowOverhead
		if n > keep && total > maxBytes {
			return keepFrom, true, nil
		}
		keepFrom = p
	}
	if err := rows.Err(); err != nil {
		return Position{}, false, fmt.Errorf("cap history of %s: %w", service, err)
	}
	return Position{}, false, nil
}
