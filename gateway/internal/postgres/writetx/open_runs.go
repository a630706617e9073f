package writetx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Runs: a start opens one, the next report (with the same run id, when it has one) closes it
// and gets its duration. The rules are package storage's (storage.Apply).

const (
	// The run a report closes: the newest open one that started at or before it.
	runToCloseQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = $1 AND started_at <= $2 ORDER BY started_at DESC, start_id DESC LIMIT 1`
	runToCloseByIDQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = $1 AND run_id = $2 AND started_at <= $3 ORDER BY started_at DESC, start_id DESC LIMIT 1`
	laterStartQuery = `SELECT 1 FROM open_runs WHERE service = $1 AND run_id = $2 AND started_at > $3 LIMIT 1`
	closeRun        = `DELETE FROM open_runs WHERE start_id = $1`
	closeRuns       = `DELETE FROM open_runs WHERE start_id = ANY($1)`
	supersedeRun    = `DELETE FROM open_runs WHERE service = $1 AND run_id = $2`
	openRun         = `INSERT INTO open_runs (start_id, service, run_id, started_at) VALUES ($1, $2, $3, $4)`
	dropOldestRuns  = `DELETE FROM open_runs WHERE start_id IN (SELECT start_id FROM open_runs
		WHERE service = $1 ORDER BY started_at DESC, start_id DESC OFFSET $2)`
	newestOpenRunQuery = `SELECT run_id, started_at FROM open_runs
		WHERE service = $1 ORDER BY started_at DESC, start_id DESC LIMIT 1`
)

// CloseRun closes the run a report finishes, if any, and sets the report's duration.
func (w *Tx) CloseRun(ctx context.Context, c *storage.Checkin) error {
	var row pgx.Row
	if c.RunID != "" {
		row = w.tx.QueryRow(ctx, runToCloseByIDQuery, c.Service, c.RunID, c.At.UnixNano())
	} else {
		row = w.tx.QueryRow(ctx, runToCloseQuery, c.Service, c.At.UnixNano())
	}
	var startID, startedAt int64
	if err := row.Scan(&startID, &startedAt); errors.Is(err, pgx.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find the open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.Exec(ctx, closeRun, startID); err != nil {
		return fmt.Errorf("close run of %s: %w", c.Service, err)
	}
	c.Duration = c.At.Sub(time.Unix(0, startedAt))
	w.runs[c.Service] = true
	return nil
}

// LaterStart reports whether a run with the same run id started after c (an import of old
// starts meeting a run open now).
func (w *Tx) LaterStart(ctx context.Context, c *storage.Checkin) (bool, error) {
	var one int
	err := w.tx.QueryRow(ctx, laterStartQuery, c.Service, c.RunID, c.At.UnixNano()).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find open runs of %s: %w", c.Service, err)
	}
	return true, nil
}

// SupersedeRun closes the open runs with c's run id.
func (w *Tx) SupersedeRun(ctx context.Context, c *storage.Checkin) error {
	if _, err := w.tx.Exec(ctx, supersedeRun, c.Service, c.RunID); err != nil {
		return fmt.Errorf("replace open run of %s: %w", c.Service, err)
	}
	return nil
}

// OpenRun stores start c as an open run; a stale one is dropped again before the commit.
func (w *Tx) OpenRun(ctx context.Context, c *storage.Checkin, stale bool) error {
	if stale {
		w.stale = append(w.stale, c.ID)
	}
	if _, err := w.tx.Exec(ctx, openRun, c.ID, c.Service, c.RunID, c.At.UnixNano()); err != nil {
		return fmt.Errorf("open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.Exec(ctx, dropOldestRuns, c.Service, storage.MaxOpenRuns); err != nil {
		return fmt.Errorf("drop old open runs of %s: %w", c.Service, err)
	}
	w.runs[c.Service] = true
	return nil
}
