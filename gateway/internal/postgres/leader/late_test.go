package leader

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// A term may end with pushes that reached Icinga after its lease lapsed (sent before a hang,
// answered after). Its gateway announces them once connected again, and the gateway leading
// by then is told of them as of any check-in, so it pushes their current state over the old.
func TestLeaderAnnouncesLatePushes(t *testing.T) {
	dsn := pgtest.Start(t)
	e := elect(t, dsn, 1)
	first := e.leader(t, 5*time.Second)
	release := make(chan struct{})
	first.mu.Lock()
	first.endTerm = func() []string {
		<-release // the term ends only once another leads, as after a hang
		return []string{"late-1", "late-2"}
	}
	first.mu.Unlock()
	e.add(t, dsn)
	terminateLockHolder(t, dsn)
	var second *candidate
	waitFor(t, 5*time.Second, "another candidate leads", func() bool {
		second = nil
		for _, c := range e.cands {
			if c != first && c.leads.Load() {
				second = c
			}
		}
		return second != nil
	})
	close(release)
	for _, s := range []string{"late-1", "late-2"} {
		t.Logf("%s heard by the new leader after %v", s, waitHeard(t, second, s, 3*time.Second))
	}
	if first.heard("late-1") {
		t.Error("the candidate that pushed late was told of its own late pushes")
	}
}

// waitFor polls cond every 10ms for up to limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
