package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/oldrows"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// pruneLock is the advisory lock key of the prunes; every gateway on the database uses it.
const pruneLock int64 = 0x636b696e_7072756e // "ckinprun"

// Prune deletes check-ins received before the given time, except each service's newest keep
// check-ins, its newest report and its newest OK report (so that its state never changes), at
// most opts.Batch rows per transaction, and returns how many it deleted. Only one gateway
// prunes at a time: while another holds the prune lock, Prune returns 0 at once.
func (s *Store) Prune(ctx context.Context, before time.Time, keep int, opts storage.PruneOptions) (int, error) {
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	keep = max(keep, 1)
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, pruneLock).Scan(&locked); err != nil {
		return 0, fmt.Errorf("prune: take the prune lock: %w", err)
	}
	if !locked {
		return 0, nil
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, pruneLock)
	deleted := 0
	service := ""
	for {
		var next *string
		if err := conn.QueryRow(ctx, reads.NextServiceQuery, service).Scan(&next); err != nil {
			return deleted, fmt.Errorf("prune: find next service: %w", err)
		}
		if next == nil {
			return deleted, nil
		}
		service = *next
		n, err := pruneService(ctx, conn, service, before.UTC().UnixNano(), keep, opts)
		deleted += n
		if err != nil {
			return deleted, fmt.Errorf("prune %s: %w", service, err)
		}
	}
}

func pruneService(ctx context.Context, conn *pgxpool.Conn, service string, before int64, keep int, opts storage.PruneOptions) (int, error) {
	keepFrom, found, err := oldrows.KeepFrom(ctx, conn, service, keep)
	if err != nil || !found {
		return 0, err // not found: no more than keep check-ins
	}
	deleted := 0
	for {
		n, err := oldrows.Delete(ctx, conn, service, keepFrom, before, opts.Batch)
		if err != nil {
			return deleted, fmt.Errorf("delete: %w", err)
		}
		deleted += int(n)
		if n < int64(opts.Batch) {
			return deleted, nil
		}
		select {
		case <-ctx.Done():
			return deleted, ctx.Err()
		case <-time.After(opts.Pause):
		}
	}
}
