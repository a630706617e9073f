// Package vacuum gives a SQLite database's free pages back to the file system after a prune,
// a step at a time so that the writer can commit between steps.
package vacuum

import (
	"context"
	"database/sql"
	"fmt"
)

// KeepFree is how many free pages the file keeps for the check-ins to come after a
// prune; those beyond go back to the file system (8 MiB at SQLite's 4 KiB pages).
const KeepFree = 2048

// step is the most pages one Step gives back, holding the writer meanwhile.
const step = 4096

// Step gives back up to 4096 of the free pages beyond 2048 (8 MiB kept for the check-ins to
// come), on a file that uses incremental vacuum (others keep their free pages for later
// check-ins), and returns how many it tried to: 0 when there is nothing more to give. db
// is the writing connection; the caller holds the writer.
func Step(ctx context.Context, db *sql.DB) (int64, error) {
	var free, auto int64
	if err := db.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free); err != nil {
		return 0, fmt.Errorf("count free pages: %w", err)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&auto); err != nil {
		return 0, fmt.Errorf("read auto_vacuum: %w", err)
	}
	if free <= KeepFree || auto != 2 { // 2 is INCREMENTAL
		return 0, nil
	}
	n := min(free-KeepFree, step)
	// Each freed page is a row of the pragma's answer: read them all, or it stops at one.
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`PRAGMA incremental_vacuum(%d)`, n))
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
