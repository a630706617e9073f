// Package push is the gateway's push mode: it sends each check-in service's verdict (what
// check_checkin would print) to Icinga's API as a passive check result, the moment a check-in
// or the clock changes it, and a full resync at start-up, after a reload and when Icinga is
// reachable again. Every push carries a ttl that lapses only after the service's next deadline,
// so Icinga runs check_checkin itself once the pushes stop.
package push

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/verdict"
)

// Options are the pusher's dependencies and settings.
type Options struct {
	Config func() *config.Config // the configuration in force; a new one means a resync
	Store  Summaries
	Client *Client
	// HostName is the gateway's Host in Icinga, under which services without an "icinga.host"
	// are (icinga-config's --host-name).
	HostName string
	// Margin is how long after a service's next deadline its ttl lapses (default and most 60 s);
	// MaxTTL bounds the ttl (default 1 h).
	Margin, MaxTTL time.Duration
	// Workers is how many pushes run at once, each on its own keep-alive connection.
	Workers int
	// Rate bounds the pushes a second (a burst of paceBurst goes at once); 0: no bound.
	Rate        int
	CheckSource string           // the results' check_source (default "checkin-gateway")
	Now         func() time.Time // time.Now when nil
	Logger      *slog.Logger
	Registry    prometheus.Registerer
}

// Pusher keeps Icinga's check-in Services at the gateway's verdicts.
type Pusher struct {
	o       Options
	pend    *pending
	due     *deadlines
	pace    *pace
	health  *health
	metrics *metrics

	mu      sync.Mutex
	unknown map[string]bool // services Icinga answered 404 for, logged once
	refused map[string]bool // services Icinga refused a result for, logged once
	late    map[string]bool // this run's pushes that may have come after the lease lapsed
}

// MaxMargin is the longest ttl margin.
const MaxMargin = time.Minute

// New builds a pusher; Run starts it.
func New(o Options) (*Pusher, error) {
	if o.Config == nil || o.Store == nil || o.Client == nil || o.Registry == nil {
		return nil, errors.New("push: config, store, client and registry are needed")
	}
	if o.HostName == "" {
		return nil, errors.New("push: the gateway's Icinga host name is empty")
	}
	if o.Margin == 0 {
		o.Margin = MaxMargin
	}
	if o.MaxTTL == 0 {
		o.MaxTTL = time.Hour
	}
	if o.Margin < time.Second || o.Margin > MaxMargin || o.MaxTTL < 2*o.Margin {
		return nil, fmt.Errorf("push: ttl margin %v: want 1s to %v, at most half of the longest ttl %v", o.Margin, MaxMargin, o.MaxTTL)
	}
	o.Workers = max(o.Workers, 1)
	if o.CheckSource == "" {
		o.CheckSource = "checkin-gateway"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Pusher{o: o, pend: newPending(), due: newDeadlines(), pace: newPace(o.Rate), health: &health{now: o.Now},
		unknown: map[string]bool{}, refused: map[string]bool{}, late: map[string]bool{}}
	p.metrics = newMetrics(o.Registry, o.Now, p.pend)
	return p, nil
}

// Stored tells the pusher that a check-in of service was stored: its verdict is pushed next.
func (p *Pusher) Stored(service string) { p.pend.add(service) }

// Run pushes until ctx ends, starting with a full resync, each push only while lease is held
// (Alone: always). It may run again after it returned (a gateway that leads again): each run
// starts afresh from a resync. It returns the services whose push may have reached Icinga
// after the lease lapsed, for the gateway that leads then to push again.
func (p *Pusher) Run(ctx context.Context, lease Lease) (late []string) {
	p.metrics.lastOK.Store(p.o.Now().UnixNano()) // the age counts from this run's start
	p.resync("start")
	var wg sync.WaitGroup
	for range p.o.Workers {
		wg.Go(func() { p.work(ctx, lease) })
	}
	p.clock(ctx)
	wg.Wait()
	p.pend.clear() // the next run resyncs; until then nothing is pending here
	return p.takeLate()
}

// resync queues every configured service.
func (p *Pusher) resync(reason string) {
	names := p.o.Config().Names()
	p.o.Logger.Info("icinga push: resync", "reason", reason, "services", len(names))
	p.pend.addAll(names)
}

// clock queues the services whose moment came (see deadlines), and resyncs when the
// configuration changes.
func (p *Pusher) clock(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	reloads := time.NewTicker(time.Second)
	defer reloads.Stop()
	cfg := p.o.Config()
	for {
		wait := time.Hour
		if next, ok := p.due.next(); ok {
			wait = max(next.Sub(p.o.Now()), 0)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-p.due.changed:
		case <-reloads.C:
			if c := p.o.Config(); c != cfg {
				cfg = c
				p.resync("reload")
			}
		case <-timer.C:
			p.pend.addAll(p.due.due(p.o.Now()))
		}
	}
}

// work sends the queued services' verdicts, one at a time.
func (p *Pusher) work(ctx context.Context, lease Lease) {
	for p.health.wait(ctx) {
		name, ok := p.pend.take(ctx)
		if !ok || !p.pace.wait(ctx) {
			return // stopping: what was not sent is resynced at the next start
		}
		p.push(ctx, lease, name)
	}
}

// push sends name's verdict now and arranges what comes after: its next moment, a retry, or
// nothing for a Service Icinga does not know. It sends only under lease, asked last thing
// before the request goes out.
func (p *Pusher) push(ctx context.Context, lease Lease, name string) {
	log := p.o.Logger
	now := p.o.Now()
	svc := p.o.Config().Service(name)
	if svc == nil {
		p.due.remove(name) // removed by a reload
		return
	}
	t, err := read(ctx, p.o.Store, svc, p.o.HostName, now)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("icinga push: cannot read the state; trying again in a minute", "service", name, "err", err)
			p.due.set(name, now.Add(time.Minute))
		}
		return
	}
	ttl, next := schedule(now, t.until, p.o.Margin, p.o.MaxTTL, spread(name, p.o.MaxTTL))
	if !lease.Wait(ctx) {
		return // no longer leading: the next leader resyncs
	}
	outcome, err := p.o.Client.Send(ctx, Result{
		Object: t.object, Exit: t.verdict.Status.ExitCode(), Output: t.verdict.Text(verdict.Prefix),
		Perf: t.verdict.PerfData(), TTL: ttl, CheckSrc: p.o.CheckSource,
	})
	if !lease.Held() {
		p.markLate(name)
	}
	if ctx.Err() != nil {
		return // stopping: what was not sent is resynced at the next start
	}
	done := p.o.Now()
	p.metrics.count(outcome, done)
	switch {
	case outcome == OK:
		p.due.set(name, next)
		p.forget(name)
		if recovered, outage, failures := p.health.ok(); recovered {
			log.Info("icinga push: Icinga takes results again", "outage", outage.Round(time.Millisecond).String(), "failed_pushes", failures)
			p.resync("icinga reachable again")
		}
	case outcome == UnknownObject:
		p.due.remove(name) // tried again on its next check-in or resync, never in a loop
		if p.once(p.unknown, name) {
			log.Warn("icinga push: Icinga has no such Service (run icinga-config --push and reload Icinga)", "service", name, "object", t.object, "err", err)
		}
	case errors.Is(err, errThisObject):
		p.due.set(name, next) // the others go on; this one is tried at its next moment
		if p.once(p.refused, name) {
			log.Warn("icinga push: Icinga refused the result", "service", name, "object", t.object, "err", err)
		}
	default:
		p.pend.add(name)
		if p.health.fail() {
			log.Warn("icinga push: Icinga does not take results; retrying with backoff, check-ins are still taken", "result", string(outcome), "err", err)
		} else {
			log.Debug("icinga push: failed again", "result", string(outcome), "err", err)
		}
	}
}

// once reports whether name was not in set yet, and adds it.
func (p *Pusher) once(set map[string]bool, name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if set[name] {
		return false
	}
	set[name] = true
	return true
}

// forget clears name's logged 404 or refusal after a success, so a new one is logged again.
func (p *Pusher) forget(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.unknown, name)
	delete(p.refused, name)
}
