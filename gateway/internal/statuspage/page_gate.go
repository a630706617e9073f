package statuspage

import (
	"context"
	"runtime"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pace"
)

// pageShare is the share of one CPU a service page's reads and computation may take while it
// holds its turn, pageSlice how long it works before each pause (package pace). Rendering and
// sending come after the turn. Measured on two cores, eight clients loading a page of 20,000
// check-ins over and over: at 0.25, 11 pages a second took 0.35 CPUs and other check-ins'
// p99 1.6–2.1×; at 0.15, 7 a second took 0.21 CPUs and the p99 1.5×. One such page alone
// takes about 0.15 s.
const (
	pageShare = 0.15
	pageSlice = time.Millisecond
)

// pageGate lets half the CPUs (at least one) read and compute service pages at once, each at
// pageShare of a CPU. A page of a long history costs tens of milliseconds of CPU: eight at
// once on two cores took the CPU the check-ins need (their p99 ×12), and one at a time at full
// speed, or at half a CPU in turns of the whole page, still doubled it. More pages wait their
// turn. Sending the page is outside the gate, so a client that reads slowly holds no one up.
type pageGate chan struct{}

func newPageGate() pageGate { return make(pageGate, max(1, runtime.GOMAXPROCS(0)/2)) }

// enter waits for a turn and returns ctx paced for it and the turn's end; it fails when ctx
// ends first.
func (g pageGate) enter(ctx context.Context) (paced context.Context, leave func(), err error) {
	select {
	case g <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	return pace.With(ctx, pace.New(pageShare, pageSlice)), func() { <-g }, nil
}
