// Package capnote keeps, in the SQLite database, what the history size cap deleted of each
// service (the history_cap_pruned table): how many check-ins, and when last.
package capnote

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	addQuery = `INSERT INTO history_cap_pruned (service, pruned_at, pruned) VALUES (?, ?, ?)
		ON CONFLICT (service) DO UPDATE SET pruned_at = excluded.pruned_at,
		pruned = history_cap_pruned.pruned + excluded.pruned`
	readQuery = `SELECT pruned_at, pruned FROM history_cap_pruned WHERE service = ?`
)

// Add adds deleted check-ins, deleted at the time at, to the service's count; db is the
// writing connection, the caller holds the writer.
func Add(ctx context.Context, db *sql.DB, service string, deleted int, at time.Time) error {
	if _, err := db.ExecContext(ctx, addQuery, service, at.UTC().UnixNano(), deleted); err != nil {
		return fmt.Errorf("note history cap of %s: %w", service, err)
	}
	return nil
}

// Read says what the cap deleted of a service so far.
func Read(ctx context.Context, db *sql.DB, service string) (storage.CapPruned, error) {
	var at, n int64
	err := db.QueryRowContext(ctx, readQuery, service).Scan(&at, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return storage.CapPruned{}, nil
	}
	if err != nil {
		return storage.CapPruned{}, fmt.Errorf("read history cap of %s: %w", service, err)
	}
	return storage.CapPruned{At: time.Unix(0, at).UTC(), Count: n}, nil
}
