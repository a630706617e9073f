package writetx

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Run does fn in a transaction that has locked the summaries of services, then stores
// the changed summaries and commits.
func Run(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, services []string, reserve int, fn func(*Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback(context.Background())
	w := &Tx{tx: tx, sums: map[string]*storage.Tracked{}, runs: map[string]bool{}}
	if err := w.lock(ctx, services, reserve); err != nil {
		return err
	}
	if err := fn(w); err != nil {
		return err
	}
	if err := w.storeSummaries(ctx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
