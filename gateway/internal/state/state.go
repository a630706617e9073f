// Package state decides a service's state from its rules, its newest reports and the time.
// It is pure: no clock, no storage, no allocation.
package state

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Report is one check-in as the rules see it. The zero Report means "none".
type Report struct {
	Status checkin.Status
	Info   string
	At     time.Time
}

// None reports whether r stands for a missing report.
func (r Report) None() bool { return r.At.IsZero() }

// Reason says which rule decided a state.
type Reason int

// The rules, in the order Evaluate tries them.
const (
	NeverReported Reason = iota // no report at all: UNKNOWN
	Fresh                       // the newest report is within the timeout (or timeout is 0)
	Tolerated                   // a fresh OK report outweighs a newer WARNING/CRITICAL
	Overdue                     // past the timeout, within the grace time: WARNING
	Expired                     // past timeout and grace: CRITICAL
)

// Result is a service's state at one moment.
type Result struct {
	Status checkin.Status
	Reason Reason
	// Latest is the newest report; Shown is the one whose info explains the state (the newest
	// OK report when Reason is Tolerated, else Latest).
	Latest, Shown Report
	// Age is how long ago Latest arrived (0 when there is none or the clock went back).
	Age time.Duration
	// Late is how far Age is past the timeout; 0 unless Overdue or Expired.
	Late           time.Duration
	Timeout, Grace time.Duration
}

// IsOverdue reports whether the newest report is older than the timeout.
func (r Result) IsOverdue() bool { return r.Reason == Overdue || r.Reason == Expired }

// Evaluate applies the state rules for svc at now, given its newest report and its newest OK
// report (either may be the zero Report):
//  1. never reported: UNKNOWN;
//  2. timeout 0, or age ≤ timeout: the reported status, except that with tolerate_failures a
//     WARNING or CRITICAL report is outweighed by an OK report no older than the timeout;
//  3. timeout < age ≤ timeout + grace: WARNING;
//  4. age > timeout + grace: CRITICAL.
func Evaluate(svc *config.Service, latest, latestOK Report, now time.Time) Result {
	r := Result{Status: checkin.Unknown, Reason: NeverReported, Timeout: svc.Timeout, Grace: svc.Grace}
	if latest.None() {
		return r
	}
	r.Latest, r.Shown = latest, latest
	r.Age = max(now.Sub(latest.At), 0)
	switch {
	case svc.Timeout == 0 || r.Age <= svc.Timeout:
		r.Status, r.Reason = latest.Status, Fresh
		failing := latest.Status == checkin.Warning || latest.Status == checkin.Critical
		if failing && svc.TolerateFailures && !latestOK.None() &&
			(svc.Timeout == 0 || now.Sub(latestOK.At) <= svc.Timeout) {
			r.Status, r.Reason, r.Shown = checkin.OK, Tolerated, latestOK
		}
	case r.Age <= svc.Timeout+svc.Grace:
		r.Status, r.Reason, r.Late = checkin.Warning, Overdue, r.Age-svc.Timeout
	default:
		r.Status, r.Reason, r.Late = checkin.Critical, Expired, r.Age-svc.Timeout
	}
	return r
}
