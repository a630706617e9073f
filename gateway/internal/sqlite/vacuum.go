package sqlite

import (
	"context"
	"fmt"
)

// freeSlackPages is how many free pages the file keeps for the check-ins to come after a
// prune; those beyond go back to the file system (8 MiB at SQLite's 4 KiB pages).
const freeSlackPages = 2048

// vacuumStep is the most pages one step of freePages gives back, holding the writer meanwhile.
const vacuumStep = 4096

// freePages gives the free pages beyond freeSlackPages back to the file system, on files that
// use incremental vacuum (others keep their free pages for later check-ins), in steps that let
// check-ins through between them.
func (s *Store) freePages(ctx context.Context) error {
	for {
		n, err := s.freeSomePages(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// freeSomePages gives back up to vacuumStep pages and returns how many it tried to.
func (s *Store) freeSomePages(ctx context.Context) (int64, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var free, auto int64
	if err := s.wdb.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free); err != nil {
		return 0, fmt.Errorf("count free pages: %w", err)
	}
	if err := s.wdb.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&auto); err != nil {
		return 0, fmt.Errorf("read auto_vacuum: %w", err)
	}
	if free <= freeSlackPages || auto != 2 { // 2 is INCREMENTAL
		return 0, nil
	}
	n := min(free-freeSlackPages, vacuumStep)
	// Each freed page is a row of the pragma's answer: read them all, or it stops at one.
	rows, err := s.wdb.QueryContext(ctx, fmt.Sprintf(`PRAGMA incremental_vacuum(%d)`, n))
	if err != nil {
		return 0, fmt.Errorf("free pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("free pages: %w", err)
	}
	return n, nil
}
