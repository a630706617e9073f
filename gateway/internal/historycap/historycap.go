// Package historycap keeps each service's history under its size cap (history_max_bytes,
// --history-max-bytes): it counts the bytes stored per service and, once a service has
// stored a step's worth since its last prune, has the store delete its oldest check-ins.
//
// A service's history thus stays within cap + step + what it stores while its prune runs:
// step is cap/16 (at least 64 KiB), 4 MiB for the default cap of 64 MiB.
package historycap

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Pruner deletes a service's oldest check-ins beyond a size.
type Pruner interface {
	PruneToBytes(ctx context.Context, service string, maxBytes int64, keep int, at time.Time) (int, error)
}

// Keep is how many of a service's newest check-ins a cap never deletes.
const Keep = 100

// minStep is the least a service stores between two prunes.
const minStep = 64 << 10

// Enforcer prunes services over their caps. Added is called for every stored check-in; Run
// does the pruning, one service at a time.
type Enforcer struct {
	store   Pruner
	config  func() *config.Config
	def     int64 // --history-max-bytes: the cap of services that set none
	now     func() time.Time
	log     *slog.Logger
	mu      sync.Mutex
	pending map[string]int64 // bytes stored since the service's last prune
	queue   []string         // services due for a prune, each once
	queued  map[string]bool
	wake    chan struct{}
	logged  map[string]time.Time // when Run last logged a service's prune at level info
}

// logEvery is how often a service's prunes are logged at level info; others are debug, so
// that a flood does not fill the log.
const logEvery = time.Minute

// New returns an enforcer of the caps in cfg (and def for services that set none; 0 is no
// cap) on store.
func New(store Pruner, cfg func() *config.Config, def int64, now func() time.Time, log *slog.Logger) *Enforcer {
	return &Enforcer{store: store, config: cfg, def: def, now: now, log: log,
		pending: map[string]int64{}, queued: map[string]bool{}, wake: make(chan struct{}, 1), logged: map[string]time.Time{}}
}

// Cap is a service's cap in bytes; 0 for none.
func (e *Enforcer) Cap(service string) int64 {
	if svc := e.config().Service(service); svc != nil && svc.HistoryMaxBytes != nil {
		return *svc.HistoryMaxBytes
	}
	return e.def
}

// step is how much a service with a cap of limit stores between two prunes.
func step(limit int64) int64 { return max(limit/16, minStep) }

// Added counts a stored check-in of the service with info and run id of the given size.
func (e *Enforcer) Added(service string, infoBytes int) {
	limit := e.Cap(service)
	if limit <= 0 {
		return
	}
	e.mu.Lock()
	e.pending[service] += int64(infoBytes) + storage.RowOverhead
	due := e.pending[service] >= step(limit) && !e.queued[service]
	if due {
		e.queued[service] = true
		e.queue = append(e.queue, service)
	}
	e.mu.Unlock()
	if due {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
}

// Run prunes until ctx ends: firstAfter after start every service services names (histories
// that grew over their caps before this start, or whose cap shrank), and each service Added
// finds due as soon as it is.
func (e *Enforcer) Run(ctx context.Context, firstAfter time.Duration, services func() []string) {
	first := time.NewTimer(firstAfter)
	defer first.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-first.C:
			for _, name := range services() {
				if ctx.Err() != nil {
					return
				}
				e.prune(ctx, name)
			}
		case <-e.wake:
			for {
				name, ok := e.next()
				if !ok || ctx.Err() != nil {
					break
				}
				e.prune(ctx, name)
			}
		}
	}
}

// next takes the next service due, and starts its count afresh.
func (e *Enforcer) next() (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.queue) == 0 {
		return "", false
	}
	name := e.queue[0]
	e.queue = e.queue[1:]
	delete(e.queued, name)
	delete(e.pending, name)
	return name, true
}

func (e *Enforcer) prune(ctx context.Context, service string) {
	limit := e.Cap(service)
	if limit <= 0 {
		return
	}
	n, err := e.store.PruneToBytes(ctx, service, limit, Keep, e.now())
	if err != nil && ctx.Err() == nil {
		e.log.Error("history cap: prune failed", "service", service, "deleted", n, "err", err)
		return
	}
	if n == 0 {
		return
	}
	level, now := slog.LevelDebug, e.now()
	if now.Sub(e.logged[service]) >= logEvery {
		level, e.logged[service] = slog.LevelInfo, now
	}
	e.log.Log(ctx, level, "history cap: deleted the oldest check-ins", "service", service, "deleted", n, "max_bytes", limit)
}
