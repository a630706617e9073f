package e2e

import (
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// Icinga stops while check-ins change states: the gateway still answers 204, keeps one pending
// result per service, and once Icinga is back it resyncs, so Icinga shows the newest states. A
// reload that adds a service pushes it.
func TestPushResyncsAfterIcingaRestart(t *testing.T) {
	const onlySteady = `{"steady": {"token": "steady-token", "timeout": "1d"}}`
	r := newPushRig(t, onlySteady, inIcinga)
	icinga := r.start(t)
	r.checkin(t, "steady", "steady-token", "OK", "before the restart")
	r.waitState(t, "steady", 0, "before the restart", 10*time.Second)

	icinga.Stop(t)
	r.checkin(t, "steady", "steady-token", "WARNING", "while Icinga was away")
	r.checkin(t, "steady", "steady-token", "CRITICAL", "the newest, while Icinga was away")
	waitUntil(t, 10*time.Second, "a failed push while Icinga is down", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="unreachable"}`) > 0
	})
	// Two check-ins, one pending result (the newest): between retries, the pending gauge is 1.
	waitUntil(t, 10*time.Second, "checkin_icinga_push_pending 1", func() bool {
		p := r.metric(t, "checkin_icinga_push_pending")
		if p > 1 {
			t.Fatalf("checkin_icinga_push_pending = %v after two check-ins of one service; want at most 1", p)
		}
		return p == 1
	})

	r.start(t)
	r.waitState(t, "steady", 2, "the newest, while Icinga was away", 45*time.Second)
	waitUntil(t, 10*time.Second, "the resync in the log", func() bool {
		return strings.Contains(r.g.Stderr.String(), "Icinga takes results again") &&
			strings.Contains(r.g.Stderr.String(), `reason="icinga reachable again"`)
	})
	// A reload (SIGHUP) that adds "fast" resyncs: Icinga gets its state.
	if err := os.WriteFile(r.services, []byte(inIcinga), 0o600); err != nil {
		t.Fatal(err)
	}
	r.g.Signal(t, syscall.SIGHUP)
	r.waitState(t, "fast", 3, "CHECKIN UNKNOWN - fast: never reported in", 10*time.Second)
	if !strings.Contains(r.g.Stderr.String(), "reason=reload") {
		t.Errorf("no resync for the reload in the log:\n%s", r.g.Stderr)
	}
}

// The gateway stops while Icinga watches: pushes end, Icinga checks the gateway's Host (every
// 20s in push mode) and finds it DOWN before any Service's ttl lapses (margin 15s after a 20s
// timeout). Then check_checkin runs again, the Services are HARD UNKNOWN but unreachable
// through the shipped Dependency, and no Service notifies: the outage is one alert.
func TestPushGatewayStopIsOneAlert(t *testing.T) {
	const services = `{"nightly": {"token": "nightly-token", "timeout": "20s", "grace": "1h"},
  "failing": {"token": "failing-token", "timeout": "1h"}}`
	r := newPushRig(t, services, services, "--icinga-ttl-margin", "15s")
	r.start(t)
	r.checkin(t, "failing", "failing-token", "CRITICAL", "broken")
	r.waitState(t, "failing", 2, "broken", 10*time.Second)
	// A pushed problem is HARD at once and notifies: notifications work.
	waitUntil(t, 10*time.Second, "the notification of failing", func() bool {
		return slices.Contains(icingatest.Notifications(t, r.notified, "service"), "service checkin-gateway!failing PROBLEM CRITICAL")
	})
	r.checkin(t, "nightly", "nightly-token", "OK", "done")
	r.waitState(t, "nightly", 0, "done", 10*time.Second)
	runs := r.pluginRuns(t)
	before := icingatest.Notifications(t, r.notified, "service")

	r.g.Signal(t, syscall.SIGKILL)
	r.g.Wait(t, 10*time.Second)
	if n := r.pluginRuns(t) - runs; n != 0 {
		t.Errorf("check_checkin ran %d times while the gateway pushed; want 0", n)
	}
	// nightly's ttl lapses 20s + 15s after its report; Icinga runs the plugin then.
	var got pushed
	r.s.WaitFor(t, 90*time.Second, "check_checkin to run for nightly after the gateway stopped", func() bool {
		got = r.servicesNow(t)["checkin-gateway!nightly"]
		return got.Last.Active && r.pluginRuns(t) > runs
	})
	if got.State != 3 || !got.Hard() || got.Reachable || !strings.Contains(got.Last.Output, "cannot reach the gateway") {
		r.s.Errorf(t, "nightly after the gateway stopped = %+v; want HARD UNKNOWN, unreachable, from check_checkin", got)
	}
	host := r.s.Results(t, "Host", `host.name == "checkin-gateway"`)["checkin-gateway"]
	if host.State != 1 {
		r.s.Errorf(t, "the gateway's Host = state %d, %q; want 1 (DOWN)", host.State, host.Last.Output)
	}
	if now := icingatest.Notifications(t, r.notified, "service"); !slices.Equal(now, before) {
		r.s.Errorf(t, "service notifications after the gateway stopped = %q; want none new since %q", now, before)
	}
}

// Hard reports whether the state is HARD.
func (p pushed) Hard() bool { return p.StateType == 1 }
