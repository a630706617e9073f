package writetx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// insertCheckin inserts one check-in when no reserved id is left.
const insertCheckin = `INSERT INTO checkins (service, status, info, received_at, kind, run_id, duration_ns)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`

// Apply stores one check-in by the rules of its kind (see storage.Apply) and notes what it
// changes in the service's summary. It sets c.ID, c.At (UTC) and, on a report that closed a
// run, c.Duration.
func (w *Tx) Apply(ctx context.Context, c *storage.Checkin) error {
	return storage.Apply(ctx, w, w.sums[c.Service], c)
}

// Insert gives c a reserved id and queues its row, or inserts it now when none is left.
func (w *Tx) Insert(ctx context.Context, c *storage.Checkin) error {
	if len(w.ids) > 0 {
		c.ID, w.ids = w.ids[0], w.ids[1:]
		w.pending.add(c)
		return nil
	}
	err := w.tx.QueryRow(ctx, insertCheckin, c.Service, c.Status.String(), c.Info, c.At.UnixNano(),
		c.Kind.String(), c.RunID, int64(c.Duration)).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert check-in for %s: %w", c.Service, err)
	}
	return nil
}

// NewestAt is the time of the newest stored check-in of a service the transaction locked.
func (w *Tx) NewestAt(service string) time.Time { return w.sums[service].NewestAt }

// dupQuery finds a stored check-in equal to one being imported.
const dupQuery = `SELECT 1 FROM checkins WHERE service = $1 AND received_at = $2
	AND status = $3 AND kind = $4 AND info = $5 LIMIT 1`

// Has reports whether a check-in equal to c in service, time, status, kind and info is stored.
func (w *Tx) Has(ctx context.Context, c *storage.Checkin) (bool, error) {
	var one int
	err := w.tx.QueryRow(ctx, dupQuery, c.Service, c.At.UnixNano(), c.Status.String(), c.Kind.String(), c.Info).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
