package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// pingTimeout bounds Ping, so that /alive answers quickly while the database does not.
const pingTimeout = 2 * time.Second

// errPing is all Ping's callers learn of a failure; the store logs the details.
var errPing = &pingError{}

type pingError struct{}

func (*pingError) Error() string { return "database unavailable" }

// Is makes a failed Ping match store.ErrUnavailable.
func (*pingError) Is(target error) bool { return target == store.ErrUnavailable }

// health is what Ping knows about writes between its probes.
type health struct {
	probeEvery time.Duration
	lastGood   atomic.Int64          // Unix nanoseconds of the newest good commit
	lastErr    atomic.Pointer[error] // the newest commit's error, nil after a good one
	probing    sync.Mutex            // one probe at a time
	failing    atomic.Bool           // the last Ping failed (its reason was logged)
}

// recordWrite notes the outcome of a commit for Ping.
func (s *Store) recordWrite(err error) {
	if err == nil {
		s.health.lastErr.Store(nil)
		s.health.lastGood.Store(time.Now().UnixNano())
		return
	}
	s.health.lastErr.Store(&err)
}

// Ping tells whether the database takes check-ins now, as the SQLite store's Ping does: after
// a failed write, or when no write succeeded for a second, it writes a probe (a server that is
// down, in recovery or read-only fails it). Its error says only "database unavailable" and
// matches store.ErrUnavailable; the reason goes to the log, once per failing spell.
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	if err == nil {
		if s.health.failing.Swap(false) {
			s.log.Info("database available again", "db", s.dsn)
		}
		return nil
	}
	if errors.Is(err, store.ErrClosed) || ctx.Err() != nil {
		return err
	}
	if !s.health.failing.Swap(true) {
		s.log.Error("database unavailable", "db", s.dsn, "err", err)
	}
	return errPing
}

func (s *Store) ping(ctx context.Context) error {
	if s.writer.isClosed() {
		return store.ErrClosed
	}
	h := &s.health
	if h.lastErr.Load() == nil && time.Since(time.Unix(0, h.lastGood.Load())) < h.probeEvery {
		return nil
	}
	if !h.probing.TryLock() {
		if p := h.lastErr.Load(); p != nil {
			return *p
		}
		return nil
	}
	defer h.probing.Unlock()
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	_, err := s.wpool.Exec(ctx, `UPDATE write_probe SET written_at = now() WHERE id = 1`)
	if err != nil {
		err = fmt.Errorf("write probe: %w", err)
	}
	s.recordWrite(err)
	return err
}
