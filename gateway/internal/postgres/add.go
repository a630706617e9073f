package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/groupcommit"
)

// Add stores a check-in and returns once it is committed (synchronous commit: on the database
// server's disk). Any failure wraps storage.ErrUnavailable, or is storage.ErrClosed after Close.
// The check-in's ID is not set.
func (s *Store) Add(ctx context.Context, c storage.Checkin) error {
	if err := c.Validate(); err != nil {
		return err
	}
	// Once queued, the check-in is written whatever the caller's context does, so that the
	// answer never disagrees with the database.
	err := s.writer.Do(ctx, c)
	if errors.Is(err, groupcommit.ErrClosed) {
		return storage.ErrClosed
	}
	if err != nil && !errors.Is(err, storage.ErrUnavailable) {
		return fmt.Errorf("queue check-in for %s: %w", c.Service, err)
	}
	return err
}
