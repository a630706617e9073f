package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// pushServices: "fast" turns WARNING 3s after a report and CRITICAL 3s later; "steady" has a
// day; "ghost" is configured in the gateway but has no Service in Icinga.
const pushServices = `{
  "fast":   {"token": "fast-token", "timeout": "3s", "grace": "3s"},
  "steady": {"token": "steady-token", "timeout": "1d"},
  "ghost":  {"token": "ghost-token", "timeout": "1d"}
}`

// inIcinga is pushServices without "ghost": the Services icinga-config wrote.
const inIcinga = `{
  "fast":   {"token": "fast-token", "timeout": "3s", "grace": "3s"},
  "steady": {"token": "steady-token", "timeout": "1d"}
}`

// The gateway starts while Icinga is down and pushes once Icinga is up. A stored check-in is
// in Icinga's state within 1s of the 204, a passed deadline within 2s of the moment, each
// exactly as check_checkin prints it and HARD at once; Icinga runs no plugin meanwhile. A
// Service Icinga lacks is logged once and counted, and the password shows nowhere.
func TestPushKeepsIcingaCurrent(t *testing.T) {
	r := newPushRig(t, pushServices, inIcinga, "--icinga-ttl-margin", "5s")
	r.checkin(t, "steady", "steady-token", "OK", "stored while Icinga was down")
	waitUntil(t, 10*time.Second, "a failed push while Icinga is down", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="unreachable"}`) > 0
	})
	r.start(t)
	// Resync once Icinga answers (the backoff is at most 30s).
	_, steady := r.waitState(t, "steady", 0, "stored while Icinga was down", 45*time.Second)
	if steady.Last.Active || steady.Last.CheckSource != "checkin-gateway" || !strings.HasPrefix(steady.Last.Output, "CHECKIN OK - steady: ") {
		r.s.Errorf(t, "steady in Icinga = %+v; want a passive result from checkin-gateway, as check_checkin prints it", steady)
	}
	if len(steady.Last.Perf) != 1 || !strings.HasPrefix(steady.Last.Perf[0], "age=") || !strings.HasSuffix(steady.Last.Perf[0], "s;86400;129600;0") {
		r.s.Errorf(t, "steady perfdata = %q; want [age=Ns;86400;129600;0] (timeout 1d, grace 12h)", steady.Last.Perf)
	}
	if ttl := steady.Last.TTL; ttl < 3599 || ttl > 3600 {
		r.s.Errorf(t, "steady ttl = %v; want an hour (its deadline is a day away)", ttl)
	}
	_, fast := r.waitState(t, "fast", 3, "never reported in", 10*time.Second)
	if fast.StateType != 1 {
		r.s.Errorf(t, "fast = %+v; want HARD", fast)
	}
	runs := r.pluginRuns(t)

	// A check-in: in Icinga within 1s of the 204, HARD at once.
	stored := r.checkin(t, "fast", "fast-token", "CRITICAL", "disk full")
	seen, got := r.waitState(t, "fast", 2, "disk full", 5*time.Second)
	t.Logf("check-in → Icinga state: %v", seen.Sub(stored).Round(time.Millisecond))
	if d := seen.Sub(stored); d > time.Second {
		r.s.Errorf(t, "the check-in reached Icinga %v after the 204; want at most 1s", d)
	}
	if got.StateType != 1 || !strings.HasPrefix(got.Last.Output, "CHECKIN CRITICAL - fast: disk full (last report ") {
		r.s.Errorf(t, "fast after CRITICAL = %+v; want HARD CRITICAL", got)
	}
	if got.Last.TTL < 5 || got.Last.TTL > 9 {
		r.s.Errorf(t, "fast ttl = %v; want about 3s to its deadline + 5s margin", got.Last.TTL)
	}

	// Deadlines: WARNING 3s after the report, CRITICAL 3s later, each within 2s of the moment.
	sent := time.Now()
	stored = r.checkin(t, "fast", "fast-token", "OK", "fine again")
	r.waitState(t, "fast", 0, "fine again", 5*time.Second)
	due := sent.Add(3 * time.Second) // the report's time is between sent and stored
	seen, _ = r.waitState(t, "fast", 1, "overdue by", 10*time.Second)
	t.Logf("deadline → Icinga WARNING: %v after the deadline", seen.Sub(due).Round(time.Millisecond))
	if d := seen.Sub(stored.Add(3 * time.Second)); d > 2*time.Second {
		r.s.Errorf(t, "WARNING reached Icinga %v after the deadline; want at most 2s", d)
	}
	seen, got = r.waitState(t, "fast", 2, "overdue by", 10*time.Second)
	t.Logf("deadline + grace → Icinga CRITICAL: %v after the moment", seen.Sub(due.Add(3*time.Second)).Round(time.Millisecond))
	if d := seen.Sub(stored.Add(6 * time.Second)); d > 2*time.Second {
		r.s.Errorf(t, "CRITICAL reached Icinga %v after the end of grace; want at most 2s", d)
	}
	if got.Last.TTL < 3599 {
		r.s.Errorf(t, "fast ttl once CRITICAL for good = %v; want an hour", got.Last.TTL)
	}

	// A Service Icinga does not have: 404 (at the resync already), logged once, counted once per
	// push, not retried in a loop.
	waitUntil(t, 5*time.Second, "the resync's push for ghost", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`) >= 1
	})
	before := r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`)
	r.checkin(t, "ghost", "ghost-token", "OK", "")
	waitUntil(t, 5*time.Second, "one more unknown_object push", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`) == before+1
	})
	r.checkin(t, "ghost", "ghost-token", "OK", "")
	waitUntil(t, 5*time.Second, "one more unknown_object push", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`) == before+2
	})
	if n := strings.Count(r.g.Stderr.String(), "Icinga has no such Service"); n != 1 {
		t.Errorf("the missing Service was logged %d times; want once\n%s", n, r.g.Stderr)
	}
	unknown := r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`)

	// While the gateway pushes, Icinga runs no plugin.
	if n := r.pluginRuns(t) - runs; n != 0 {
		r.s.Errorf(t, "Icinga ran check_checkin %d times while the gateway pushed; want 0", n)
	}
	if ok := r.metric(t, `checkin_icinga_pushes_total{result="ok"}`); ok < 4 {
		t.Errorf("ok pushes = %v; want at least 4", ok)
	}
	if u := r.metric(t, `checkin_icinga_pushes_total{result="unknown_object"}`); u != unknown {
		t.Errorf("unknown_object pushes grew from %v to %v without a check-in: a retry loop", unknown, u)
	}
	if age := r.metric(t, "checkin_icinga_push_last_success_age_seconds"); age < 0 || age > 60 {
		t.Errorf("checkin_icinga_push_last_success_age_seconds = %v; want a few seconds", age)
	}
	// The ApiUser of docs/icinga.md may post check results, and nothing else: not even read.
	// (Icinga 2.13 answers 404, "No objects found", for objects a user may not see.)
	if code := r.asPushUser(t, "GET", "/v1/objects/services"); code != http.StatusForbidden && code != http.StatusNotFound {
		t.Errorf("the push user reading Services: HTTP %d; want 403 or 404", code)
	}
	for where, text := range map[string]string{"the log": r.g.Stderr.String(), "/metrics": r.get(t, "/metrics"),
		"/status": r.get(t, "/status"), "/status/fast": r.get(t, "/status/fast")} {
		if strings.Contains(text, pushPassword) {
			t.Errorf("%s shows the Icinga password", where)
		}
	}
}
