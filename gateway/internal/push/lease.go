package push

import (
	"context"
	"slices"
)

// Lease is the right to push, asked before each push. A gateway alone on its database always
// holds it (Alone); gateways sharing PostgreSQL hold the push leader's lease
// (postgres/leader.Lease), which lapses when this gateway stops talking to the database, so
// that a gateway that hung and wakes up pushes nothing before it proved it still leads.
type Lease interface {
	// Wait returns true once the lease is held (at once if it is), false when it is lost or
	// ctx ends first.
	Wait(ctx context.Context) bool
	// Held says whether the lease is held now.
	Held() bool
}

// Alone is the lease of a gateway that pushes alone: always held.
var Alone Lease = alone{}

type alone struct{}

func (alone) Wait(ctx context.Context) bool { return ctx.Err() == nil }
func (alone) Held() bool                    { return true }

// markLate records a service whose push may have reached Icinga after the lease lapsed: the
// lease was held when the push was sent, no longer when Icinga's answer (or none) came.
func (p *Pusher) markLate(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.late[name] = true
}

// takeLate returns the run's late services, sorted, and forgets them.
func (p *Pusher) takeLate() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.late))
	for n := range p.late {
		names = append(names, n)
	}
	slices.Sort(names)
	p.late = map[string]bool{}
	return names
}
