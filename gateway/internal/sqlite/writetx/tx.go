// Package writetx is the SQLite store's write transaction: the rows one write stores (check-ins,
// open runs, at a checkpoint the summary table) and the summaries it changes. The store decides
// when to write and publishes the summaries after the commit.
package writetx

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Summaries is where a transaction starts each service's summary from: the summaries as the
// last commit left them.
type Summaries interface {
	Get(service string) (storage.Tracked, bool)
}

// Tx is one write transaction on the writer's connection, with the summaries it changes. They
// reach memory only after the commit, when the caller takes them from Changed.
type Tx struct {
	tx      *sql.Tx
	insert  *sql.Stmt
	sums    Summaries
	changed map[string]*storage.Tracked
	// runs names the services whose open runs changed: their newest is read before commit.
	runs map[string]bool
	// stale holds the starts (by id) of runs opened although a newer report was stored: an
	// imported run that the import's own reports may close, and otherwise history, not open.
	stale []int64
	// newest is the highest id the transaction inserted.
	newest int64
}

// Run does fn in a transaction on db, notes the open runs that changed in the summaries, stores
// the summaries when ckpt is not nil (see Checkpoint) and commits. insert is the statement
// PrepareInsert made on db. The returned Tx tells what the transaction changed.
func Run(ctx context.Context, db *sql.DB, insert *sql.Stmt, sums Summaries, ckpt *Checkpoint, fn func(*Tx) error) (*Tx, error) {
	w := &Tx{sums: sums, changed: map[string]*storage.Tracked{}, runs: map[string]bool{}}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return w, fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	w.tx = tx
	w.insert = tx.StmtContext(ctx, insert) // prepared once, on the writer's connection
	defer w.insert.Close()
	if err := fn(w); err != nil {
		return w, err
	}
	if err := w.storeOpenRuns(ctx); err != nil {
		return w, err
	}
	if ckpt != nil {
		if err := w.storeCheckpoint(ctx, ckpt); err != nil {
			return w, err
		}
	}
	if err := tx.Commit(); err != nil {
		return w, fmt.Errorf("commit: %w", err)
	}
	return w, nil
}

// Changed returns the summaries the transaction changed, as it leaves them.
func (w *Tx) Changed() map[string]*storage.Tracked { return w.changed }

// Newest returns the highest check-in id the transaction inserted (0 when none).
func (w *Tx) Newest() int64 { return w.newest }

// summary returns the summary this transaction builds for a service, starting from the
// caller's summaries.
func (w *Tx) summary(service string) *storage.Tracked {
	if e, ok := w.changed[service]; ok {
		return e
	}
	e, _ := w.sums.Get(service)
	w.changed[service] = &e
	return &e
}

// Apply stores one check-in by the rules of its kind (see storage.Apply) and notes what it
// changes in the service's summary. It sets c.ID, c.At (UTC) and, on a report that closed a
// run, c.Duration.
func (w *Tx) Apply(ctx context.Context, c *storage.Checkin) error {
	return storage.Apply(ctx, w, w.summary(c.Service), c)
}

// TouchHeader rewrites the database header's user_version with its own value: a real write
// (one page, synced on commit) that changes nothing. user_version is otherwise unused;
// migrations are recorded in schema_migrations.
func (w *Tx) TouchHeader(ctx context.Context) error {
	var v int64
	if err := w.tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	if _, err := w.tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v)); err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	return nil
}
