package statuspage

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pace"
)

// A turn's work is paced to pageShare of a CPU: after a slice of work, it pauses.
func TestPageTurnIsPaced(t *testing.T) {
	g := newPageGate()
	ctx, leave, err := g.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	const work = 3 * time.Millisecond
	for start := time.Now(); time.Since(start) < work; {
	}
	start := time.Now()
	pace.Step(ctx)
	if want := time.Duration(float64(work) * (1/pageShare - 1)); time.Since(start) < want {
		t.Errorf("a turn's work paused %v after %v of work; want at least %v", time.Since(start), work, want)
	}
}

// Half the CPUs (at least one) have a turn at once; one more waits, and gives up when its
// client leaves.
func TestPageGateTurns(t *testing.T) {
	g := newPageGate()
	slots := max(1, runtime.GOMAXPROCS(0)/2)
	for range slots {
		if _, _, err := g.enter(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := g.enter(ctx); err == nil {
		t.Fatalf("turn %d of %d at once was given", slots+1, slots)
	}
}
