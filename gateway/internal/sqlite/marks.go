package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// marksQuery reads a history newest first without its infos, from the checkins_service_at
// index alone (migration 0007).
const marksQuery = `SELECT ` + storage.MarkColumns + ` FROM checkins
	WHERE service = ? ORDER BY received_at DESC, id DESC LIMIT ?`

// Marks returns a service's check-ins without their infos, newest first: every one received at
// or after since and the first one before it, at least atLeast whatever their age, at most
// atMost.
func (s *Store) Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error) {
	rows, err := s.rdb.QueryContext(ctx, marksQuery, service, atMost)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	defer rows.Close()
	out, err := storage.ReadMarks(rows, since, atLeast)
	if err != nil {
		return nil, fmt.Errorf("read marks of %s: %w", service, err)
	}
	return out, nil
}
