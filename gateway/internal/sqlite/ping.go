package sqlite

import (
	"context"
	"errors"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Ping tells whether the database can take check-ins now. It never reads through the readers'
// pool, so heavy reads do not delay it. It fails once the database file was removed or
// replaced, and after a failed write until a write works again; and when no write succeeded for
// probeEvery it writes itself (a probe that changes nothing), so a disk that filled while no
// check-in arrived is noticed. Its error says only "database unavailable" and matches
// ErrUnavailable; the reason goes to the log, once per failing spell.
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	if err == nil {
		if s.health.Failing(false) {
			s.log.Info("database available again", "path", s.path)
		}
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, storage.ErrClosed) { // shutting down: nothing to report
		return storage.ErrPing
	}
	if s.health.Failing(true) {
		s.log.Error("database unavailable", "path", s.path, "err", err)
	}
	return storage.ErrPing
}

func (s *Store) ping(ctx context.Context) error {
	if s.writer.Closed() {
		return storage.ErrClosed
	}
	if err := s.watch.Check(); err != nil {
		return err
	}
	return s.health.Check(ctx, s.probe)
}
