package push

import (
	"context"
	"sync"
	"testing"
	"time"
)

// A gateway that stops leading ends its run with results still pending (Icinga failing): none
// stays pending while it does not push, so its pending gauge reads 0. When it leads again, the
// next run resyncs every service.
func TestPusherRunsAgainAfterATerm(t *testing.T) {
	p, f, reg := newTwoServicePusher(t, 503)
	term := func(until func() bool) {
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { p.Run(ctx, Alone) })
		deadline := time.Now().Add(10 * time.Second)
		for !until() {
			if time.Now().After(deadline) {
				t.Fatalf("the run did not get there within 10s: %v", f.requests())
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		wg.Wait()
	}
	term(func() bool { return pushes(t, reg, "refused") == 1 && p.pend.len() > 0 })
	if n := p.pend.len(); n != 0 {
		t.Errorf("%d services pending after the run ended; want 0", n)
	}
	term(func() bool { return pushes(t, reg, "ok") >= 2 })
	seen := map[string]bool{}
	for _, r := range f.requests()[1:] {
		seen[r["service"].(string)] = true
	}
	if !seen["gw!a"] || !seen["gw!b"] {
		t.Errorf("the second run pushed %v; want both services (a resync)", seen)
	}
}
