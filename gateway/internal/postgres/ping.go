package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// pingTimeout bounds Ping, so that /alive answers quickly while the database does not.
const pingTimeout = 2 * time.Second

// Ping tells whether the database takes check-ins now, as the SQLite store's Ping does: after
// a failed write, or when no write succeeded for a second, it writes a probe (a server that is
// down, in recovery or read-only fails it). Its error says only "database unavailable" and
// matches storage.ErrUnavailable; the reason goes to the log, once per failing spell.
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	if err == nil {
		if s.health.Failing(false) {
			s.log.Info("database available again", "db", s.dsn)
		}
		return nil
	}
	if errors.Is(err, storage.ErrClosed) || ctx.Err() != nil {
		return err
	}
	if s.health.Failing(true) {
		s.log.Error("database unavailable", "db", s.dsn, "err", err)
	}
	return storage.ErrPing
}

func (s *Store) ping(ctx context.Context) error {
	if s.writer.Closed() {
		return storage.ErrClosed
	}
	return s.health.Check(ctx, s.probe)
}

// probe writes a row that nothing reads: a server that is down, in recovery or read-only
// fails it.
func (s *Store) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	_, err := s.wpool.Exec(ctx, `UPDATE write_probe SET written_at = now() WHERE id = 1`)
	if err != nil {
		err = fmt.Errorf("write probe: %w", err)
	}
	s.health.Record(err)
	return err
}
