// Package pace keeps a long piece of work, such as a status page of a long history, to a
// share of one CPU, in slices short enough that whatever wakes meanwhile (a check-in's write)
// never waits long behind it.
//
// A busy loop that never sleeps takes a CPU in the kernel's time slices: on two cores, one
// that ran beside a check-in load doubled the check-ins' p99 (2.6×), while the same loop
// working 6 ms and sleeping 4 ms took it to 1.5×. So the work sleeps after every slice, for as
// long as keeps it to its share.
package pace

import (
	"context"
	"time"
)

// Pacer paces one piece of work, done by one goroutine; the zero of *Pacer (nil) never pauses.
type Pacer struct {
	share float64       // of one CPU, in (0, 1]
	slice time.Duration // of work before a pause
	begun time.Time     // of the current slice
}

// New paces work to share of one CPU (1 for no pause) in slices of slice.
func New(share float64, slice time.Duration) *Pacer {
	return &Pacer{share: min(max(share, 0.01), 1), slice: slice, begun: time.Now()}
}

// Step is called often during the work (each row, each few hundred items): once the current
// slice has lasted slice, it pauses for as long as keeps the work to its share, or until ctx
// ends.
func (p *Pacer) Step(ctx context.Context) {
	if p == nil || p.share >= 1 {
		return
	}
	worked := time.Since(p.begun)
	if worked < p.slice {
		return
	}
	t := time.NewTimer(time.Duration(float64(worked) * (1/p.share - 1)))
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
	}
	p.begun = time.Now()
}

type key struct{}

// With returns ctx carrying p, for the code that does the work (Step(ctx)).
func With(ctx context.Context, p *Pacer) context.Context { return context.WithValue(ctx, key{}, p) }

// Step paces the work ctx carries a Pacer for (With); without one it does nothing.
func Step(ctx context.Context) {
	p, _ := ctx.Value(key{}).(*Pacer)
	p.Step(ctx)
}
