// Package capnote keeps, in the SQLite database, what the history size cap deleted of each
// service (the history_cap_pruned table): how many check-ins, and when last.
package capnote

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	addQuery = `INSERT INTO history_cap_pruned (service, pruned_at, pruned) VALUES (?, ?, ?)
		ON CONFLICT (service) DO UPDATE SET pruned_at = excluded.pruned_at,
		pruned = history_cap_pruned.pruned + excluded.pruned`
)

// Add adds deleted check-ins, deleted at the time at, to the service's count; db is the
// writing connection, the caller holds the writer.
func Add(ctx context.Context, db *sql.DB, service string, deleted int, at time.Time) error {
	if _, err := db.ExecContext(ctx, addQuery, service, at.UTC().UnixNano(), deleted); err != nil {
		return fmt.Errorf("note history cap of %s: %w", service, err)
	}
	return nil
}

// Mirror is history_cap_pruned held in memory, so that a state read (which shows what a cap
// deleted) does not ask the database each time: only this gateway writes the SQLite file, and
// nearly every service has no row at all. It reads the table once, at its first use.
type Mirror struct {
	mu     sync.Mutex
	loaded bool
	notes  map[string]storage.CapPruned
}

// Read is what the cap deleted of service so far.
func (m *Mirror) Read(ctx context.Context, db *sql.DB, service string) (storage.CapPruned, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.load(ctx, db); err != nil {
		return storage.CapPruned{}, err
	}
	return m.notes[service], nil
}

// Add stores that deleted more check-ins of service were deleted at at (see Add), and holds it.
func (m *Mirror) Add(ctx context.Context, db *sql.DB, service string, deleted int, at time.Time) error {
	if err := Add(ctx, db, service, deleted, at); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded {
		n := m.notes[service]
		m.notes[service] = storage.CapPruned{At: at.UTC(), Count: n.Count + int64(deleted)}
	}
	return nil
}

// Renamed moves the note of from to to, as the rename's transaction did.
func (m *Mirror) Renamed(from, to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n, ok := m.notes[from]; ok {
		m.notes[to] = n
	} else {
		delete(m.notes, to)
	}
	delete(m.notes, from)
}

func (m *Mirror) load(ctx context.Context, db *sql.DB) error {
	if m.loaded {
		return nil
	}
	rows, err := db.QueryContext(ctx, `SELECT service, pruned_at, pruned FROM history_cap_pruned`)
	if err != nil {
		return fmt.Errorf("read history cap notes: %w", err)
	}
	defer rows.Close()
	notes := map[string]storage.CapPruned{}
	for rows.Next() {
		var service string
		var at, n int64
		if err := rows.Scan(&service, &at, &n); err != nil {
			return fmt.Errorf("read history cap notes: %w", err)
		}
		notes[service] = storage.CapPruned{At: time.Unix(0, at).UTC(), Count: n}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read history cap notes: %w", err)
	}
	m.notes, m.loaded = notes, true
	return nil
}
