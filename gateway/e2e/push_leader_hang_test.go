package e2e

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// Two gateways on one PostgreSQL push to one Icinga. The leader hangs (SIGSTOP) with its
// connections open: within 10s the other leads, and every change made meanwhile, through the
// other gateway, is in Icinga within that bound. When the hung gateway resumes (SIGCONT) it
// steps down without pushing anything: exactly one leader, and Icinga keeps the newest states.
func TestPushLeaderHungIsReplaced(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, Icinga 2 and two gateways")
	}
	pg := pgtest.NewCluster(t)
	dsn := pg.URL("postgres")
	lb := newBalancer(t)
	r := newPushRigOn(t, dsn, lb.URL, leaderServices, leaderServices)
	g2 := r.another(t, dsn)
	leader := oneLeader(t, 10*time.Second, r.g, g2)
	follower := r.g
	if follower == leader {
		follower = g2
	}
	lb.add(follower, leader)                                // a balancer's health check would skip the hung one
	t.Cleanup(func() { leader.Signal(t, syscall.SIGCONT) }) // before the rig stops it
	r.start(t)
	r.waitState(t, "alpha", 3, "never reported in", 30*time.Second)
	r.waitState(t, "beta", 3, "never reported in", 10*time.Second)
	waitUntil(t, 5*time.Second, "the leader's resync counted", func() bool {
		return metricOf(t, leader, `checkin_icinga_pushes_total{result="ok"}`) >= 2
	})
	time.Sleep(500 * time.Millisecond) // nothing in flight
	pushedBefore := pushesOf(t, leader)

	// The leader hangs; a change at once, while its session still holds the lock (the hung
	// gateway is told of it, and would push it when it wakes), and one after the takeover.
	leader.Signal(t, syscall.SIGSTOP)
	hung := time.Now()
	checkinTo(t, follower, "alpha", "CRITICAL", "during the hang")
	oneLeader(t, 10*time.Second, follower)
	tookOver := time.Since(hung)
	seen, _ := r.waitState(t, "alpha", 2, "during the hang", 10*time.Second)
	t.Logf("takeover %v after SIGSTOP; the change made at once in Icinga %v after SIGSTOP",
		tookOver.Round(time.Millisecond), seen.Sub(hung).Round(time.Millisecond))
	if d := seen.Sub(hung); d > 10*time.Second {
		t.Errorf("the change made during the hang reached Icinga %v after SIGSTOP; want at most 10s", d)
	}
	stored := checkinTo(t, follower, "beta", "WARNING", "after the takeover")
	seen, _ = r.waitState(t, "beta", 1, "after the takeover", 5*time.Second)
	if d := seen.Sub(stored); d > 2*time.Second {
		t.Errorf("a change after the takeover reached Icinga %v after the 204; want at most 2s", d)
	}
	checkinTo(t, follower, "alpha", "OK", "newest")
	r.waitState(t, "alpha", 0, "newest", 5*time.Second)

	// It wakes: it steps down and pushes nothing.
	leader.Signal(t, syscall.SIGCONT)
	waitUntil(t, 10*time.Second, "the woken gateway's step-down in its log", func() bool {
		return strings.Contains(leader.Stderr.String(), "lost the database connection that makes this gateway the leader")
	})
	time.Sleep(3 * time.Second) // its tries for the lock
	if l := oneLeader(t, time.Second, leader, follower); l != follower {
		t.Error("the woken gateway leads again")
	}
	if n := pushesOf(t, leader) - pushedBefore; n != 0 {
		t.Errorf("the woken gateway pushed %v times; want none", n)
	}
	r.waitState(t, "alpha", 0, "newest", time.Second)
	r.waitState(t, "beta", 1, "after the takeover", time.Second)
	if n := metricOf(t, follower, "checkin_push_leader_terms_total"); n != 1 {
		t.Errorf("the other gateway began %v terms; want 1", n)
	}
	oneLeader(t, time.Second, leader, follower)
}
