package sqlite

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Marks returns a service's check-ins without their infos, newest first: every one received at
// or after since and the first one before it, at least atLeast whatever their age, at most
// atMost.
func (s *Store) Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error) {
	return reads.Reader{DB: s.rdb}.Marks(ctx, service, since, atLeast, atMost)
}
