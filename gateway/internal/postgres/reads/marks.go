package reads

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// marksQuery reads a history newest first without its infos: a large info is kept out of line
// (TOAST), and the row holds only a pointer to it.
const marksQuery = `SELECT ` + storage.MarkColumns + ` FROM checkins
	WHERE service = $1 ORDER BY received_at DESC, id DESC LIMIT $2`

// Marks returns a service's check-ins without their infos, newest first: every one received at
// or after since and the first one before it, at least atLeast whatever their age, at most
// atMost.
func (r Reader) Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error) {
	rows, err := r.Pool.Query(ctx, marksQuery, service, atMost)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	defer rows.Close()
	out, err := storage.ReadMarks(ctx, rows, since, atLeast, atMost)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	return out, nil
}
