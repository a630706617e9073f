package sqlite

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// RenameService gives the check-ins, open runs, summary and history cap count of service from to
// service to, in one transaction, and returns how many check-ins it moved (0, and no error, when
// from has none).
// It refuses with storage.ErrRenameTaken when to already has check-ins.
func (s *Store) RenameService(ctx context.Context, from, to string) (int, error) {
	if err := s.watch.Failed(); err != nil {
		return 0, fmt.Errorf("%w: %w", storage.ErrUnavailable, err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writer.Closed() {
		return 0, storage.ErrClosed
	}
	if _, taken := s.summaries.Get(to); taken {
		return 0, fmt.Errorf("rename %s to %s: %w", from, to, storage.ErrRenameTaken)
	}
	// The summary table must hold every summary, so that the rows renamed below need no
	// reading again after a crash.
	if err := s.writeCheckpointLocked(ctx); err != nil {
		return 0, err
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	defer tx.Rollback()
	var taken bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM checkins WHERE service = ?)`, to).Scan(&taken); err != nil {
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	if taken {
		return 0, fmt.Errorf("rename %s to %s: %w", from, to, storage.ErrRenameTaken)
	}
	res, err := tx.ExecContext(ctx, `UPDATE checkins SET service = ? WHERE service = ?`, to, from)
	if err != nil {
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	moved, _ := res.RowsAffected()
	// What the history cap deleted goes with the history; a stale note under the new name
	// (from a history since gone) goes.
	if _, err := tx.ExecContext(ctx, `DELETE FROM history_cap_pruned WHERE service = ?`, to); err != nil {
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	for _, q := range []string{`UPDATE service_summary SET service = ? WHERE service = ?`,
		`UPDATE open_runs SET service = ? WHERE service = ?`,
		`UPDATE history_cap_pruned SET service = ? WHERE service = ?`} {
		if _, err := tx.ExecContext(ctx, q, to, from); err != nil {
			return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("%w: rename %s: %w", storage.ErrUnavailable, from, err)
	}
	s.summaries.Rename(from, to)
	s.capNotes.Renamed(from, to)
	return int(moved), nil
}
