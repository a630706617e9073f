package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// RenameService gives the check-ins, open runs, summary and history cap count of service from to
// service to, in one transaction, and returns how many check-ins it moved (0, and no error, when
// from has none).
// It refuses with storage.ErrRenameTaken when to already has check-ins. It locks both summary
// rows first, as the writers do, so check-ins other gateways store meanwhile wait for it.
func (s *Store) RenameService(ctx context.Context, from, to string) (int, error) {
	if s.writer.Closed() {
		return 0, storage.ErrClosed
	}
	var moved int64
	err := pgx.BeginFunc(ctx, s.wpool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT service FROM service_summary WHERE service = ANY($1) ORDER BY service FOR UPDATE`,
			[]string{from, to})
		if err != nil {
			return err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM checkins WHERE service = $1)`, to).Scan(&taken); err != nil {
			return err
		}
		for _, n := range names {
			taken = taken || n == to
		}
		if taken {
			return storage.ErrRenameTaken
		}
		tag, err := tx.Exec(ctx, `UPDATE checkins SET service = $1 WHERE service = $2`, to, from)
		if err != nil {
			return err
		}
		moved = tag.RowsAffected()
		// What the history cap deleted goes with the history; a stale note under the new name
		// (from a history since gone) goes.
		if _, err := tx.Exec(ctx, `DELETE FROM history_cap_pruned WHERE service = $1`, to); err != nil {
			return err
		}
		for _, q := range []string{`UPDATE service_summary SET service = $1 WHERE service = $2`,
			`UPDATE open_runs SET service = $1 WHERE service = $2`,
			`UPDATE history_cap_pruned SET service = $1 WHERE service = $2`} {
			if _, err := tx.Exec(ctx, q, to, from); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case err == storage.ErrRenameTaken:
		return 0, fmt.Errorf("rename %s to %s: %w", from, to, err)
	case err != nil:
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	return int(moved), nil
}
