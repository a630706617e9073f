package overview

import (
	"context"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Changes is what a store tells States besides the summaries: which services' summaries
// changed since a point (the SQLite engine's; each engine's interfaces_test.go asserts which
// of these optional interfaces it offers). A store without it has every service evaluated on
// every pass.
type Changes interface {
	SummariesChanged(since uint64, fn func(service string)) (next uint64, complete bool)
}

// States keeps the status of every configured service between the passes of the lists, with
// how long it holds: a status changes only when a check-in changes the summary or when the
// clock passes the service's deadline (or deadline + grace). A pass re-evaluates only those,
// so the overview of 100,000 services costs about a microsecond per changed service and a few
// nanoseconds per unchanged one, instead of a summary read and an evaluation for each.
type States struct {
	db      Summaries
	changes Changes // nil when db does not offer it

	mu   sync.Mutex
	cfg  *config.Config // the configuration the entries are for
	seq  uint64         // the point of changes the entries have seen
	last time.Time      // the time of the last pass
	held []held         // by place in cfg.Services()
}

// held is one service's status and until when it holds (Unix nanoseconds; a zero until
// means it must be evaluated again).
type held struct {
	until  int64
	status checkin.Status
}

// forever is the until of a status that only a check-in can change.
const forever = int64(^uint64(0) >> 1)

// NewStates keeps states read from db.
func NewStates(db Summaries) *States {
	s := &States{db: db}
	s.changes, _ = db.(Changes)
	return s
}

// Statuses returns the status of each service of cfg at now, in the order of cfg.Services().
func (s *States) Statuses(ctx context.Context, cfg *config.Config, now time.Time) ([]checkin.Status, error) {
	out, _, err := s.pass(ctx, cfg, now)
	return out, err
}

// pass is Statuses that also returns the summaries it read at once (see readEvery), nil when
// it read them one by one.
func (s *States) pass(ctx context.Context, cfg *config.Config, now time.Time) ([]checkin.Status, []storage.Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(cfg, now)
	out := make([]checkin.Status, len(s.held))
	at := now.UnixNano()
	sums, err := s.readEvery(ctx, cfg, at)
	if err != nil {
		return nil, nil, err
	}
	for i, svc := range cfg.Services() {
		h := &s.held[i]
		if at > h.until {
			var res state.Result
			if sums != nil {
				res = Evaluate(svc, sums[i], now)
			} else if res, err = Read(ctx, s.db, svc, now); err != nil {
				h.until = 0
				return nil, nil, err
			}
			*h = held{until: holdsUntil(svc, res, now), status: res.Status}
		}
		out[i] = h.status
	}
	return out, sums, nil
}

// readEvery reads every summary at once when the store offers it (see Every) and at least
// everyFrom services must be evaluated at at; otherwise it returns nil and each is read alone.
func (s *States) readEvery(ctx context.Context, cfg *config.Config, at int64) ([]storage.Summary, error) {
	every, ok := s.db.(Every)
	if !ok {
		return nil, nil
	}
	due := 0
	for i := range s.held {
		if at > s.held[i].until {
			due++
		}
	}
	if due < everyFrom {
		return nil, nil
	}
	return ReadEvery(ctx, every, cfg)
}

// forget drops the statuses that no longer hold for a pass at now: those of the services
// whose summaries changed, and all of them when the clock went back or changes were lost.
func (s *States) forget(cfg *config.Config, now time.Time) {
	if cfg != s.cfg {
		s.takeOver(cfg)
	}
	all := now.Before(s.last) || s.changes == nil
	s.last = now
	if !all {
		var complete bool
		s.seq, complete = s.changes.SummariesChanged(s.seq, func(name string) {
			if i, ok := cfg.Place(name); ok {
				s.held[i].until = 0
			}
		})
		all = !complete
	}
	if !all {
		return
	}
	if s.changes != nil {
		// The point reached now (asking from a point never reached returns it): a change
		// made during the pass that follows is seen by the next one.
		s.seq, _ = s.changes.SummariesChanged(^uint64(0), func(string) {})
	}
	for i := range s.held {
		s.held[i].until = 0
	}
}

// takeOver moves to a new configuration. A service parsed once for both (config.Reparse keeps
// the Service of each one written as before) keeps its status; the others are evaluated.
func (s *States) takeOver(cfg *config.Config) {
	held := make([]held, cfg.Len())
	if s.cfg != nil {
		old := s.cfg.Services()
		for i, svc := range cfg.Services() {
			if j, ok := s.cfg.Place(svc.Name); ok && old[j] == svc {
				held[i] = s.held[j]
			}
		}
	}
	s.cfg, s.held = cfg, held
}

// holdsUntil is the last moment at which the status res gives at now still holds without a
// new check-in: the deadline (NextDue) while the service is on time, deadline + grace while it
// is overdue, and for ever after that or when it has no deadline. A service that
// tolerate_failures keeps OK through a failure depends on more than those times; it is
// evaluated again on every pass.
func holdsUntil(svc *config.Service, res state.Result, now time.Time) int64 {
	failing := res.Latest.Status == checkin.Warning || res.Latest.Status == checkin.Critical
	if svc.TolerateFailures && failing {
		return 0
	}
	if res.NextDue.IsZero() {
		return forever
	}
	if !now.After(res.NextDue) {
		return res.NextDue.UnixNano()
	}
	if end := res.NextDue.Add(svc.Grace); !now.After(end) {
		return end.UnixNano()
	}
	return forever
}

// Each calls yield, in name order from the first name after after ("" for all), with each
// service of cfg that passes f at now and its state, until yield returns false. Only those
// services are evaluated in full; the others cost a look at their kept status.
func (s *States) Each(ctx context.Context, cfg *config.Config, f Filter, after string, now time.Time,
	yield func(svc *config.Service, res state.Result) bool) error {
	statuses, sums, err := s.pass(ctx, cfg, now)
	if err != nil {
		return err
	}
	svcs := cfg.Services()
	for i := firstAfter(cfg.Names(), after); i < len(svcs); i++ {
		if !f.Match(svcs[i], statuses[i]) {
			continue
		}
		var res state.Result
		if sums != nil { // read by the pass a moment ago, all in one query
			res = Evaluate(svcs[i], sums[i], now)
		} else if res, err = Read(ctx, s.db, svcs[i], now); err != nil {
			return err
		}
		// A check-in since the pass may have changed the state.
		if f.Match(svcs[i], res.Status) && !yield(svcs[i], res) {
			return nil
		}
	}
	return nil
}
