package writetx

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// InsertQuery stores one check-in (named here for the store's test of its program).
	InsertQuery = `INSERT INTO checkins (service, status, info, received_at, kind, run_id, duration_ns)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	// DupQuery finds a stored check-in equal to one being imported (named here for the
	// store's test of query plans).
	DupQuery = `SELECT 1 FROM checkins WHERE service = ? AND received_at = ?
	AND status = ? AND kind = ? AND info = ? LIMIT 1`
)

// PrepareInsert prepares the check-in insert on db, once, for Run.
func PrepareInsert(ctx context.Context, db *sql.DB) (*sql.Stmt, error) {
	stmt, err := db.PrepareContext(ctx, InsertQuery)
	if err != nil {
		return nil, fmt.Errorf("prepare check-in insert: %w", err)
	}
	return stmt, nil
}

// Insert stores c's row and sets c.ID.
func (w *Tx) Insert(ctx context.Context, c *storage.Checkin) error {
	res, err := w.insert.ExecContext(ctx, c.Service, c.Status.String(), c.Info, c.At.UnixNano(),
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

// Duplicates finds stored check-ins equal to ones being imported, with one prepared query.
type Duplicates struct {
	stmt *sql.Stmt
}

// Duplicates prepares the lookup of equal check-ins in the transaction; Close it when done.
func (w *Tx) Duplicates(ctx context.Context) (*Duplicates, error) {
	stmt, err := w.tx.PrepareContext(ctx, DupQuery)
	if err != nil {
		return nil, fmt.Errorf("prepare import: %w", err)
	}
	return &Duplicates{stmt: stmt}, nil
}

// Has reports whether a check-in equal to c in service, time, status, kind and info is stored.
func (d *Duplicates) Has(ctx context.Context, c *storage.Checkin) (bool, error) {
	var one int
	err := d.stmt.QueryRowContext(ctx, c.Service, c.At.UnixNano(), c.Status.String(), c.Kind.String(), c.Info).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Close releases the prepared query.
func (d *Duplicates) Close() error { return d.stmt.Close() }
