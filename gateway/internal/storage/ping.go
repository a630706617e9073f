package storage

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// ErrPing is all Ping's callers learn of a failure; the engine logs the details, which may
// name paths and carry the database's messages. It matches ErrUnavailable.
var ErrPing error = &pingError{}

type pingError struct{}

func (*pingError) Error() string { return "database unavailable" }

// Is makes a failed Ping match ErrUnavailable.
func (*pingError) Is(target error) bool { return target == ErrUnavailable }

// Health is what Ping knows about writes between its probes. Its zero value is ready once
// ProbeEvery is set.
type Health struct {
	// ProbeEvery is how old the last good write may be before Check probes.
	ProbeEvery time.Duration
	lastGood   atomic.Int64          // Unix nanoseconds of the newest good commit
	lastErr    atomic.Pointer[error] // the newest commit's error, nil after a good one
	probing    sync.Mutex            // one probe at a time
	failing    atomic.Bool           // the last Ping failed (its reason was logged)
	checkinErr atomic.Pointer[error] // the newest commit of check-ins' error (checkin_health.go)
	checkinAt  atomic.Int64          // Unix nanoseconds of the newest commit of check-ins
}

// Record notes the outcome of a commit.
func (h *Health) Record(err error) {
	if err == nil {
		h.lastErr.Store(nil)
		h.lastGood.Store(time.Now().UnixNano())
		return
	}
	h.lastErr.Store(&err)
}

// Check fails while the newest commit of check-ins failed (see CheckinQuiet). Otherwise it
// answers from the last write when it worked less than ProbeEvery ago, or probe writes (one probe at a time: while one runs, others answer from the last write's outcome).
func (h *Health) Check(ctx context.Context, probe func(context.Context) error) error {
	if err := h.checkinFailure(); err != nil {
		return err
	}
	if h.lastErr.Load() == nil && time.Since(time.Unix(0, h.lastGood.Load())) < h.ProbeEvery {
		return nil
	}
	if !h.probing.TryLock() {
		if p := h.lastErr.Load(); p != nil {
			return *p
		}
		return nil
	}
	defer h.probing.Unlock()
	return probe(ctx)
}

// Failing notes whether the latest Ping failed and reports whether that changed, so that a
// failing spell is logged once when it starts and once when it ends.
func (h *Health) Failing(failing bool) (changed bool) {
	return h.failing.Swap(failing) != failing
}
