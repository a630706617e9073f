package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

const leaderServices = `{
  "alpha": {"token": "alpha-token", "timeout": "1d"},
  "beta":  {"token": "beta-token", "timeout": "1d"}
}`

// Two gateways on one PostgreSQL, behind a load balancer, push to one Icinga. Exactly one
// pushes; every change reaches Icinga within 2s whichever gateway took it, and once. Killed
// with -9, the leader is replaced within 10s, and the changes made meanwhile are in Icinga. A
// third gateway joining follows. After a PostgreSQL restart exactly one gateway pushes again
// within 10s, and never two.
func TestPushSeveralGatewaysOneLeader(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, Icinga 2 and three gateways")
	}
	pg := pgtest.NewCluster(t)
	dsn := pg.URL("postgres")
	lb := newBalancer(t)
	r := newPushRigOn(t, dsn, lb.URL, leaderServices, leaderServices)
	g2 := r.another(t, dsn)
	lb.add(r.g, g2)
	r.start(t)
	gws := []*gatewaytest.Gateway{r.g, g2}
	leader := oneLeader(t, 10*time.Second, gws...)
	follower := gws[0]
	if follower == leader {
		follower = gws[1]
	}
	waitUntil(t, 5*time.Second, "each gateway's role in its log", func() bool {
		return strings.Contains(leader.Stderr.String(), "this gateway pushes now") &&
			strings.Contains(follower.Stderr.String(), "another gateway on this database pushes")
	})
	r.waitState(t, "alpha", 3, "never reported in", 30*time.Second)
	r.waitState(t, "beta", 3, "never reported in", 10*time.Second)
	waitUntil(t, 5*time.Second, "the leader's resync counted", func() bool {
		return metricOf(t, leader, `checkin_icinga_pushes_total{result="ok"}`) >= 2
	})
	okBefore := metricOf(t, leader, `checkin_icinga_pushes_total{result="ok"}`)

	// Changes through both gateways: each in Icinga within 2s, pushed once, by the leader.
	changes := []struct {
		service, status string
		state           int
	}{{"alpha", "OK", 0}, {"beta", "WARNING", 1}, {"alpha", "CRITICAL", 2}, {"beta", "OK", 0}, {"alpha", "WARNING", 1}, {"beta", "CRITICAL", 2}}
	for i, c := range changes {
		via := gws[i%2]
		info := fmt.Sprintf("change %d through gateway %d", i, i%2+1)
		stored := checkinTo(t, via, c.service, c.status, info)
		seen, _ := r.waitState(t, c.service, c.state, info, 5*time.Second)
		t.Logf("%s through gateway %d (leader: %v) → Icinga: %v", c.service, i%2+1, via == leader, seen.Sub(stored).Round(time.Millisecond))
		if d := seen.Sub(stored); d > 2*time.Second {
			t.Errorf("change %d reached Icinga %v after the 204; want at most 2s", i, d)
		}
	}
	waitUntil(t, 5*time.Second, "the leader's pushes counted", func() bool {
		return metricOf(t, leader, `checkin_icinga_pushes_total{result="ok"}`) >= okBefore+float64(len(changes))
	})
	if n := metricOf(t, leader, `checkin_icinga_pushes_total{result="ok"}`) - okBefore; n != float64(len(changes)) {
		t.Errorf("the leader pushed %v times for %d changes; want each once", n, len(changes))
	}
	if n := pushesOf(t, follower); n != 0 {
		t.Errorf("the gateway that does not lead pushed %v times; want 0", n)
	}

	// kill -9 the leader; changes go to the other meanwhile.
	leader.Signal(t, syscall.SIGKILL)
	killed := time.Now()
	checkinTo(t, follower, "alpha", "CRITICAL", "during the takeover")
	checkinTo(t, follower, "beta", "WARNING", "during the takeover")
	oneLeader(t, 10*time.Second, follower)
	t.Logf("takeover %v after kill -9", time.Since(killed).Round(time.Millisecond))
	r.waitState(t, "alpha", 2, "during the takeover", 5*time.Second)
	r.waitState(t, "beta", 1, "during the takeover", 5*time.Second)
	g3 := r.another(t, dsn)
	lb.add(g3)
	if l := oneLeader(t, 10*time.Second, follower, g3); l != follower {
		t.Error("the gateway that joined took over from the leader")
	}

	// PostgreSQL restarts: every session ends; one gateway leads again.
	if err := pg.Stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	leader = oneLeader(t, 10*time.Second, follower, g3)
	t.Logf("a single leader %v after PostgreSQL was back", time.Since(back).Round(time.Millisecond))
	via := follower
	if via == leader {
		via = g3
	}
	var stored time.Time
	waitUntil(t, 10*time.Second, "a check-in taken after the restart", func() bool {
		body := `{"service": "beta", "token": "beta-token", "status": "OK", "info": "after the restart"}`
		stored = time.Now()
		return post(t, via.URL+"/api/v1/checkins", body) == http.StatusNoContent
	})
	seen, _ := r.waitState(t, "beta", 0, "after the restart", 5*time.Second)
	if d := seen.Sub(stored); d > 2*time.Second {
		t.Errorf("a change after the restart reached Icinga %v after the check-in; want at most 2s", d)
	}
	oneLeader(t, time.Second, follower, g3)
}
