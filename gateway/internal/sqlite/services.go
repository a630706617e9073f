package sqlite

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/reads"
)

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it.
func (s *Store) Services(ctx context.Context) ([]string, error) {
	return reads.Reader{DB: s.rdb}.Services(ctx)
}
