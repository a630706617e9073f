package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// errPing is all Ping's callers learn of a failure; the store logs the details, which may name
// paths and carry SQLite's messages.
var errPing = &pingError{}

type pingError struct{}

func (*pingError) Error() string { return "database unavailable" }

// Is makes a failed Ping match ErrUnavailable.
func (*pingError) Is(target error) bool { return target == ErrUnavailable }

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

// Ping tells whether the database can take check-ins now. It never reads through the readers'
// pool, so heavy reads do not delay it. It fails once the database file was removed or
// replaced, and after a failed write until a write works again; and when no write succeeded for
// probeEvery it writes itself (a probe that changes nothing), so a disk that filled while no
// check-in arrived is noticed. Its error says only "database unavailable" and matches
// ErrUnavailable; the reason goes to the log, once per failing spell.
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	if err == nil {
		if s.health.failing.Swap(false) {
			s.log.Info("database available again", "path", s.path)
		}
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, ErrClosed) { // shutting down: nothing to report
		return errPing
	}
	if !s.health.failing.Swap(true) {
		s.log.Error("database unavailable", "path", s.path, "err", err)
	}
	return errPing
}

func (s *Store) ping(ctx context.Context) error {
	if s.writer.Closed() {
		return ErrClosed
	}
	if err := s.watch.Check(); err != nil {
		return err
	}
	h := &s.health
	if h.lastErr.Load() == nil && time.Since(time.Unix(0, h.lastGood.Load())) < h.probeEvery {
		return nil
	}
	if !h.probing.TryLock() {
		// Another Ping is probing: answer from what the last write showed.
		if p := h.lastErr.Load(); p != nil {
			return *p
		}
		return nil
	}
	defer h.probing.Unlock()
	return s.probe(ctx)
}
