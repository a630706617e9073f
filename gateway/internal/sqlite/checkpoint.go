package sqlite

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/checkpoint"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// readCheckpoint brings the summaries up to date after a start (see sqlite/checkpoint).
func (s *Store) readCheckpoint(ctx context.Context, every time.Duration) error {
	changed := map[string]*storage.Tracked{}
	var err error
	s.ckpt, err = checkpoint.Read(ctx, s.rdb, every, func(service string, c storage.Checkin) {
		sum, ok := changed[service]
		if !ok {
			e, _ := s.summaries.Get(service)
			sum = &e
			changed[service] = sum
		}
		sum.Stored(c)
	})
	if err != nil {
		return err
	}
	s.summaries.Set(changed)
	return nil
}

// writeCheckpoint stores the summaries changed since the last checkpoint now, in a
// transaction of its own.
func (s *Store) writeCheckpoint(ctx context.Context) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.writeCheckpointLocked(ctx)
}

func (s *Store) writeCheckpointLocked(ctx context.Context) error {
	if len(s.ckpt.Dirty) == 0 {
		return nil
	}
	return s.write(ctx, true, func(*writetx.Tx) error { return nil })
}

// closeCheckpoint stores the summaries as the store closes, so that the next start has no
// check-ins to read again. A failure is logged: the next start reads more check-ins instead.
// The caller holds writeMu.
func (s *Store) closeCheckpoint() {
	if err := s.writeCheckpointLocked(context.Background()); err != nil {
		s.log.Warn("could not store the summaries at close; the next start reads the newest check-ins again",
			"path", s.path, "err", err)
	}
}
