package writetx

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Runs: a start opens one, the next report (with the same run id, when it has one) closes it
// and gets its duration (see storage.Apply). The queries are exported for the store's test of
// their plans.
const (
	// The run a report closes: the newest open one that started at or before it.
	RunToCloseQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = ? AND started_at <= ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
	RunToCloseByIDQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = ? AND run_id = ? AND started_at <= ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
	LaterStartQuery = `SELECT 1 FROM open_runs WHERE service = ? AND run_id = ? AND started_at > ? LIMIT 1`
	closeRun        = `DELETE FROM open_runs WHERE start_id = ?`
	supersedeRun    = `DELETE FROM open_runs WHERE service = ? AND run_id = ?`
	openRun         = `INSERT INTO open_runs (start_id, service, run_id, started_at) VALUES (?, ?, ?, ?)`
	DropOldestRuns  = `DELETE FROM open_runs WHERE start_id IN (SELECT start_id FROM open_runs
		WHERE service = ? ORDER BY started_at DESC, start_id DESC LIMIT -1 OFFSET ?)`
	NewestOpenRunQuery = `SELECT run_id, started_at FROM open_runs
		WHERE service = ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
)

// SupersedeRun closes the open runs with c's run id.
func (w *Tx) SupersedeRun(ctx context.Context, c *storage.Checkin) error {
	if _, err := w.tx.ExecContext(ctx, supersedeRun, c.Service, c.RunID); err != nil {
		return fmt.Errorf("replace open run of %s: %w", c.Service, err)
	}
	return nil
}

// CloseRun closes the run a report finishes, if any, and sets the report's duration.
func (w *Tx) CloseRun(ctx context.Context, c *storage.Checkin) error {
	row := w.tx.QueryRowContext(ctx, RunToCloseQuery, c.Service, c.At.UnixNano())
	if c.RunID != "" {
		row = w.tx.QueryRowContext(ctx, RunToCloseByIDQuery, c.Service, c.RunID, c.At.UnixNano())
	}
	var startID, startedAt int64
	if err := row.Scan(&startID, &startedAt); errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find the open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.ExecContext(ctx, closeRun, startID); err != nil {
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
	err := w.tx.QueryRowContext(ctx, LaterStartQuery, c.Service, c.RunID, c.At.UnixNano()).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find open runs of %s: %w", c.Service, err)
	}
	return true, nil
}

// OpenRun stores start c as an open run; a stale one is dropped again before the commit.
func (w *Tx) OpenRun(ctx context.Context, c *storage.Checkin, stale bool) error {
	if stale {
		w.stale = append(w.stale, c.ID)
	}
	if _, err := w.tx.ExecContext(ctx, openRun, c.ID, c.Service, c.RunID, c.At.UnixNano()); err != nil {
		return fmt.Errorf("open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.ExecContext(ctx, DropOldestRuns, c.Service, storage.MaxOpenRuns); err != nil {
		return fmt.Errorf("drop old open runs of %s: %w", c.Service, err)
	}
	w.runs[c.Service] = true
	return nil
}

// storeOpenRuns drops the stale runs and reads the newest open run of each service whose runs
// changed into its summary.
func (w *Tx) storeOpenRuns(ctx context.Context) error {
	for _, id := range w.stale {
		if _, err := w.tx.ExecContext(ctx, closeRun, id); err != nil {
			return fmt.Errorf("drop a finished imported run: %w", err)
		}
	}
	for name := range w.runs {
		sum := w.summary(name)
		var at int64
		err := w.tx.QueryRowContext(ctx, NewestOpenRunQuery, name).Scan(&sum.RunID, &at)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			sum.RunID, sum.RunningSince = "", time.Time{}
		case err != nil:
			return fmt.Errorf("find the open run of %s: %w", name, err)
		default:
			sum.RunningSince = time.Unix(0, at).UTC()
		}
	}
	return nil
}
