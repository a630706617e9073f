package postgres

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// StoreID returns the database's identity: 16 hex digits, made once by its migrations, the
// same on every gateway of the database and schema.
func (s *Store) StoreID(ctx context.Context) (string, error) {
	if s.writer.Closed() {
		return "", storage.ErrClosed
	}
	var id string
	if err := s.pool.QueryRow(ctx, `SELECT id FROM store_id`).Scan(&id); err != nil {
		return "", fmt.Errorf("%w: read the store id: %w", storage.ErrUnavailable, err)
	}
	return id, nil
}
