package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store/rules"
)

const (
	insertCheckin = `INSERT INTO checkins (service, status, info, received_at, kind, run_id, duration_ns)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	// upsertSummary stores a summary at a checkpoint (see checkpoint.go).
	upsertSummary = `INSERT INTO service_summary
		(service, latest_id, latest_ok_id, last_duration_ns, duration_at, duration_id, newest_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (service) DO UPDATE SET latest_id = excluded.latest_id,
			latest_ok_id = excluded.latest_ok_id, last_duration_ns = excluded.last_duration_ns,
			duration_at = excluded.duration_at, duration_id = excluded.duration_id,
			newest_at = excluded.newest_at`
	// The run a report closes: the newest open one that started at or before it.
	runToCloseQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = ? AND started_at <= ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
	runToCloseByIDQuery = `SELECT start_id, started_at FROM open_runs
		WHERE service = ? AND run_id = ? AND started_at <= ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
	laterStartQuery = `SELECT 1 FROM open_runs WHERE service = ? AND run_id = ? AND started_at > ? LIMIT 1`
	closeRun        = `DELETE FROM open_runs WHERE start_id = ?`
	supersedeRun    = `DELETE FROM open_runs WHERE service = ? AND run_id = ?`
	openRun         = `INSERT INTO open_runs (start_id, service, run_id, started_at) VALUES (?, ?, ?, ?)`
	dropOldestRuns  = `DELETE FROM open_runs WHERE start_id IN (SELECT start_id FROM open_runs
		WHERE service = ? ORDER BY started_at DESC, start_id DESC LIMIT -1 OFFSET ?)`
	newestOpenRunQuery = `SELECT run_id, started_at FROM open_runs
		WHERE service = ? ORDER BY started_at DESC, start_id DESC LIMIT 1`
)

// writeTx is one write transaction on the writer's connection, with the summaries it changes.
// They reach memory only after the commit (see finishWrite).
type writeTx struct {
	ctx     context.Context
	s       *Store
	tx      *sql.Tx
	insert  *sql.Stmt
	changed map[string]*rules.Tracked
	// runs names the services whose open runs changed: their newest is read before commit.
	runs map[string]bool
	// stale holds the starts (by id) of runs opened although a newer report was stored: an
	// imported run that the import's own reports may close, and otherwise history, not open.
	stale []int64
	// checkpoint asks to store the summaries in this transaction; newest is the highest id
	// it inserted.
	checkpoint bool
	newest     int64
}

// beginWrite starts a write; it stores the summaries when a checkpoint is due. The caller
// holds writeMu.
func (s *Store) beginWrite() *writeTx {
	return &writeTx{ctx: context.Background(), s: s, changed: map[string]*rules.Tracked{}, runs: map[string]bool{},
		checkpoint: s.ckpt.due(time.Now())}
}

// run does fn in a transaction, notes the open runs that changed in the summaries (and stores
// the summaries when a checkpoint is due) and commits.
func (w *writeTx) run(fn func(*writeTx) error) error {
	tx, err := w.s.wdb.BeginTx(w.ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	w.tx = tx
	w.insert = tx.StmtContext(w.ctx, w.s.insert) // prepared once, on the writer's connection
	defer w.insert.Close()
	if err := fn(w); err != nil {
		return err
	}
	if err := w.storeSummaries(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// finishWrite turns a write's outcome into what its callers are told: after a good commit it
// checks that the path still names the database written to, then publishes the summaries.
func (s *Store) finishWrite(w *writeTx, err error) error {
	if err == nil {
		err = s.watch.Check()
	}
	if err != nil && w.ctx.Err() != nil {
		return err // an import given up by its caller: nothing wrong with the database
	}
	if err != nil {
		err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		s.health.Record(err)
		return err
	}
	s.summaries.Set(w.changed)
	s.ckpt.noteCommitted(w, time.Now())
	s.health.Record(nil)
	return nil
}

// summary returns the summary this transaction builds for a service, starting from memory.
func (w *writeTx) summary(service string) *rules.Tracked {
	if e, ok := w.changed[service]; ok {
		return e
	}
	e, _ := w.s.summaries.Get(service)
	w.changed[service] = &e
	return &e
}

// apply stores one check-in by the rules of its kind (see rules.Apply) and notes what it
// changes in the service's summary. It sets c.ID, c.At (UTC) and, on a report that closed a
// run, c.Duration.
func (w *writeTx) apply(c *Checkin) error {
	return rules.Apply(w, w.summary(c.Service), c)
}

// SupersedeRun closes the open runs with c's run id.
func (w *writeTx) SupersedeRun(c *Checkin) error {
	if _, err := w.tx.ExecContext(w.ctx, supersedeRun, c.Service, c.RunID, c.At.UnixNano()); err != nil {
		return fmt.Errorf("replace open run of %s: %w", c.Service, err)
	}
	return nil
}

// Insert stores c's row and sets c.ID.
func (w *writeTx) Insert(c *Checkin) error {
	res, err := w.insert.ExecContext(w.ctx, c.Service, c.Status.String(), c.Info, c.At.UnixNano(),
		c.Kind.String(), c.RunID, int64(c.Duration))
	if err != nil {
		return fmt.Errorf("insert check-in for %s: %w", c.Service, err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("insert check-in for %s: %w", c.Service, err)
	}
	w.newest = max(w.newest, c.ID)
	return nil
}

// CloseRun closes the run a report finishes, if any, and sets the report's duration.
func (w *writeTx) CloseRun(c *Checkin) error {
	row := w.tx.QueryRowContext(w.ctx, runToCloseQuery, c.Service, c.At.UnixNano())
	if c.RunID != "" {
		row = w.tx.QueryRowContext(w.ctx, runToCloseByIDQuery, c.Service, c.RunID, c.At.UnixNano())
	}
	var startID, startedAt int64
	if err := row.Scan(&startID, &startedAt); errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find the open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.ExecContext(w.ctx, closeRun, startID); err != nil {
		return fmt.Errorf("close run of %s: %w", c.Service, err)
	}
	c.Duration = c.At.Sub(time.Unix(0, startedAt))
	w.runs[c.Service] = true
	return nil
}

// LaterStart reports whether a run with the same run id started after c (an import of old
// starts meeting a run open now).
func (w *writeTx) LaterStart(c *Checkin) (bool, error) {
	var one int
	err := w.tx.QueryRowContext(w.ctx, laterStartQuery, c.Service, c.RunID, c.At.UnixNano()).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find open runs of %s: %w", c.Service, err)
	}
	return true, nil
}

// OpenRun stores start c as an open run; a stale one is dropped again before the commit.
func (w *writeTx) OpenRun(c *Checkin, stale bool) error {
	if stale {
		w.stale = append(w.stale, c.ID)
	}
	if _, err := w.tx.ExecContext(w.ctx, openRun, c.ID, c.Service, c.RunID, c.At.UnixNano()); err != nil {
		return fmt.Errorf("open run of %s: %w", c.Service, err)
	}
	if _, err := w.tx.ExecContext(w.ctx, dropOldestRuns, c.Service, rules.MaxOpenRuns); err != nil {
		return fmt.Errorf("drop old open runs of %s: %w", c.Service, err)
	}
	w.runs[c.Service] = true
	return nil
}

// storeSummaries reads the newest open run of each service whose runs changed into its
// summary, and at a checkpoint stores the summaries.
func (w *writeTx) storeSummaries() error {
	for _, id := range w.stale {
		if _, err := w.tx.ExecContext(w.ctx, closeRun, id); err != nil {
			return fmt.Errorf("drop a finished imported run: %w", err)
		}
	}
	for name := range w.runs {
		sum := w.summary(name)
		var at int64
		err := w.tx.QueryRowContext(w.ctx, newestOpenRunQuery, name).Scan(&sum.RunID, &at)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			sum.RunID, sum.RunningSince = "", time.Time{}
		case err != nil:
			return fmt.Errorf("find the open run of %s: %w", name, err)
		default:
			sum.RunningSince = time.Unix(0, at).UTC()
		}
	}
	if w.checkpoint {
		return w.storeCheckpoint()
	}
	return nil
}

// touchHeader rewrites the database header's user_version with its own value: a real write
// (one page, synced on commit) that changes nothing. user_version is otherwise unused;
// migrations are recorded in schema_migrations.
func (w *writeTx) touchHeader() error {
	var v int64
	if err := w.tx.QueryRowContext(w.ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	if _, err := w.tx.ExecContext(w.ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v)); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	return nil
}
