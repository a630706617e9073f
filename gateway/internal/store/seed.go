package store

import (
	"context"
	"fmt"
	"iter"
)

// Seed bulk-inserts check-ins in one transaction, bypassing the group-commit writer. It is meant
// for filling a database before the gateway serves it (benchmarks, tests), and returns how
// many rows it wrote.
func (s *Store) Seed(ctx context.Context, checkins iter.Seq[Checkin]) (int, error) {
	// A connection of its own, with a page cache large enough to hold the indexes' hot pages.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin seeding: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return 0, fmt.Errorf("begin seeding: %w", err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA cache_size = -2000`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin seeding: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertCheckin)
	if err != nil {
		return 0, fmt.Errorf("prepare seeding: %w", err)
	}
	defer stmt.Close()
	n := 0
	for c := range checkins {
		if _, err := stmt.ExecContext(ctx, c.Service, c.Status.String(), c.Info, c.At.UTC().UnixNano()); err != nil {
			return n, fmt.Errorf("seed check-in %d for %s: %w", n, c.Service, err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit %d seeded check-ins: %w", n, err)
	}
	s.cache.reset()
	return n, nil
}
