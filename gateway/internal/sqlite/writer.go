package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/groupcommit"
)

// writeRequest is one check-in waiting for its commit, or a probe that only tests whether the
// database can be written.
type writeRequest struct {
	c     storage.Checkin
	probe bool
}

// Add stores a check-in and returns once it is committed to disk, in one transaction with the
// check-ins that arrived with it. The check-in's ID is not set. A report closes the newest open
// run (with the same run id, when it carries one) and stores the run's duration; a start opens
// a run; a log entry is only stored.
func (s *Store) Add(ctx context.Context, c storage.Checkin) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := s.watch.Failed(); err != nil {
		return fmt.Errorf("%w: %w", storage.ErrUnavailable, err)
	}
	err := s.writer.Do(ctx, writeRequest{c: c})
	if errors.Is(err, groupcommit.ErrClosed) {
		return storage.ErrClosed
	}
	if err != nil && !errors.Is(err, storage.ErrUnavailable) {
		return fmt.Errorf("queue check-in for %s: %w", c.Service, err)
	}
	return err
}

// probe commits a write transaction that changes nothing, through the writer so that it queues
// behind check-ins like any write. It tells whether the database can be written right now.
func (s *Store) probe(ctx context.Context) error {
	err := s.writer.Do(ctx, writeRequest{probe: true})
	if errors.Is(err, groupcommit.ErrClosed) {
		return storage.ErrClosed
	}
	return err
}

// commitBatch writes a batch in one transaction and, once it is on disk and the database file
// is still the one the path names, makes it visible to Summary. Any failure is ErrUnavailable:
// nothing of the batch is stored.
func (s *Store) commitBatch(batch []*writeRequest) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	checkins := slices.ContainsFunc(batch, func(r *writeRequest) bool { return !r.probe })
	ctx := context.Background() // queued check-ins are committed whatever their callers do
	err := s.write(ctx, false, func(tx *writetx.Tx) error {
		probes := 0
		for _, r := range batch {
			if r.probe {
				probes++
				continue
			}
			if err := tx.Apply(ctx, &r.c); err != nil {
				return err
			}
		}
		if probes > 0 {
			return tx.TouchHeader(ctx)
		}
		return nil
	})
	if checkins {
		s.health.RecordCheckins(err)
	}
	return err
}
