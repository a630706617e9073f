package writetx

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	upsertSummary = `INSERT INTO service_summary
		(service, latest_id, latest_ok_id, last_duration_ns, duration_at, duration_id, newest_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (service) DO UPDATE SET latest_id = excluded.latest_id,
			latest_ok_id = excluded.latest_ok_id, last_duration_ns = excluded.last_duration_ns,
			duration_at = excluded.duration_at, duration_id = excluded.duration_id,
			newest_at = excluded.newest_at`
	setMark = `UPDATE summary_checkpoint SET checkin_id = ? WHERE one = 1`
)

// Checkpoint asks Run to store the summary table in its transaction (sqlite/checkpoint
// says when and why): the summaries the transaction changed, as it leaves them, those of Dirty
// as the caller's summaries hold them, and the mark, the highest check-in id they cover.
type Checkpoint struct {
	// Dirty names the services whose summaries changed since the table was last written.
	Dirty map[string]bool
	// Newest is the highest check-in id stored before this transaction.
	Newest int64
}

// storeCheckpoint writes the summary table and the mark as ckpt asks.
func (w *Tx) storeCheckpoint(ctx context.Context, ckpt *Checkpoint) error {
	stmt, err := w.tx.PrepareContext(ctx, upsertSummary)
	if err != nil {
		return fmt.Errorf("prepare summary: %w", err)
	}
	defer stmt.Close()
	store := func(name string, sum *storage.Tracked) error {
		if _, err := stmt.ExecContext(ctx, name, sum.Latest.ID, sum.LatestOK.ID, int64(sum.LastDuration),
			storage.Nanos(sum.DurationAt), sum.DurationID, storage.Nanos(sum.NewestAt)); err != nil {
			return fmt.Errorf("store summary of %s: %w", name, err)
		}
		return nil
	}
	for name, sum := range w.changed {
		if err := store(name, sum); err != nil {
			return err
		}
	}
	for name := range ckpt.Dirty {
		if _, ok := w.changed[name]; ok {
			continue
		}
		sum, _ := w.sums.Get(name)
		if err := store(name, &sum); err != nil {
			return err
		}
	}
	if _, err := w.tx.ExecContext(ctx, setMark, max(w.newest, ckpt.Newest)); err != nil {
		return fmt.Errorf("store summary checkpoint: %w", err)
	}
	return nil
}
