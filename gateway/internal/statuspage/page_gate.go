package statuspage

import (
	"context"
	"runtime"
	"time"
)

// pageGate lets half the CPUs (at least one) read and compute service pages at once, and each
// of them at most half the time: a turn that took d is given back d later. A page of a long
// history costs tens of milliseconds of CPU: eight at once on two cores took the CPU the
// check-ins need (their p99 ×12). More pages wait their turn. Sending the page is outside the
// gate, so a client that reads slowly holds no one up.
type pageGate chan struct{}

func newPageGate() pageGate { return make(pageGate, max(1, runtime.GOMAXPROCS(0)/2)) }

// enter waits for a turn and returns its end; it fails when ctx ends first.
func (g pageGate) enter(ctx context.Context) (leave func(), err error) {
	select {
	case g <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	start := time.Now()
	return func() { time.AfterFunc(time.Since(start), func() { <-g }) }, nil
}
