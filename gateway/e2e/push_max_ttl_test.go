package e2e

import (
	"testing"
	"time"
)

// --icinga-max-ttl is the ttl of a service whose state does not change soon, and how often it
// is refreshed: Icinga expects the next push no later than that.
func TestPushMaxTTL(t *testing.T) {
	r := newPushRig(t, inIcinga, inIcinga, "--icinga-max-ttl", "10m")
	r.start(t)
	r.checkin(t, "steady", "steady-token", "OK", "ten minutes")
	_, steady := r.waitState(t, "steady", 0, "ten minutes", 10*time.Second)
	if ttl := steady.Last.TTL; ttl < 599 || ttl > 600 {
		r.s.Errorf(t, "steady ttl = %v; want 600 (--icinga-max-ttl 10m; its deadline is a day away)", ttl)
	}
	if next := time.Unix(int64(steady.NextCheck), 0); time.Until(next) < 9*time.Minute {
		r.s.Errorf(t, "Icinga checks steady itself at %v, in %v; want in about 10m", next, time.Until(next).Round(time.Second))
	}
}
