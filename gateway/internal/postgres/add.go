package postgres

import (
	"context"
	"fmt"
	"sync"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// requestPool reuses the requests Add queues, with their done channels.
var requestPool = sync.Pool{New: func() any { return &writeRequest{done: make(chan error, 1)} }}

// Add stores a check-in and returns once it is committed (synchronous commit: on the database
// server's disk). Any failure wraps store.ErrUnavailable, or is store.ErrClosed after Close.
// The check-in's ID is not set.
func (s *Store) Add(ctx context.Context, c store.Checkin) error {
	if err := c.Validate(); err != nil {
		return err
	}
	req := requestPool.Get().(*writeRequest)
	req.c = c
	if err := s.writer.enqueue(ctx, req); err != nil {
		requestPool.Put(req)
		if err == errClosed {
			return err
		}
		return fmt.Errorf("queue check-in for %s: %w", c.Service, err)
	}
	// Once queued, the check-in is written whatever the caller's context does, so that the
	// answer never disagrees with the database; wait for it.
	err := <-req.done
	req.c = store.Checkin{}
	requestPool.Put(req)
	return err
}
