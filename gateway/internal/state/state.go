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

// History is what the rules need to know about a service's past: its newest report, its
// newest OK report (either may be the zero Report) and the start of its open run, if any.
type History struct {
	Latest, LatestOK Report
	// RunningSince is when the open run started (a START check-in that no finish closed yet);
	// zero when no run is open.
	RunningSince time.Time
	// LastDuration is the length of the newest finished run; 0 when none is known. The rules
	// use it only to tell whether that run overtook the open one; it is passed on to Result.
	LastDuration time.Duration
}

// Reason says which rule decided a state.
type Reason int

// The rules, in the order Evaluate tries them.
const (
	NeverReported Reason = iota // no report at all: UNKNOWN
	Fresh                       // the newest report is on time (or timeout is 0)
	Tolerated                   // a fresh OK report outweighs a newer WARNING/CRITICAL
	Overdue                     // past the deadline, within the grace time: WARNING
	Expired                     // past deadline and grace: CRITICAL
	RunTooLong                  // the open run is past max_runtime: WARNING, CRITICAL after grace
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
	// Late is how far the service is past its deadline (NextDue); 0 unless Overdue, Expired
	// or RunTooLong.
	Late           time.Duration
	Timeout, Grace time.Duration
	// DueAt is, for a scheduled service, the first scheduled time after Latest: the run whose
	// report is awaited. It is in the schedule's zone; zero without a schedule or a report.
	DueAt time.Time
	// NextDue is the time after which the service turns WARNING (or turned): DueAt + timeout
	// with a schedule, Latest + timeout without, or the open run's start + max_runtime. It is
	// zero when the service is never overdue (timeout 0) or never reported in.
	NextDue time.Time
	// RunningSince is the start of the open run, in the schedule's zone (zero when none is
	// open); MaxRuntime is the service's max_runtime.
	RunningSince time.Time
	MaxRuntime   time.Duration
	// LastDuration is History's, passed on.
	LastDuration time.Duration
}

// IsOverdue reports whether the service is past its deadline: no report in time, or a run
// that has not finished in time.
func (r Result) IsOverdue() bool {
	return r.Reason == Overdue || r.Reason == Expired || r.Reason == RunTooLong
}

// Evaluate applies the state rules for svc at now, given its history:
//  1. a run is open and svc has a max_runtime: until start + max_runtime the reported status
//     (as in 3, never overdue; UNKNOWN when never reported); then WARNING (RunTooLong), and
//     CRITICAL after another grace. A run that a later, finished run overtook is not open;
//  2. never reported: UNKNOWN;
//  3. the deadline is not passed (or timeout 0): the reported status, except that with
//     tolerate_failures a WARNING or CRITICAL report is outweighed by an OK report whose own
//     deadline is not passed. The deadline is the report's time + timeout; with a schedule it
//     is the first scheduled time after the report + timeout;
//  4. deadline < now ≤ deadline + grace: WARNING;
//  5. later: CRITICAL.
func Evaluate(svc *config.Service, h History, now time.Time) Result {
	r := Result{Status: checkin.Unknown, Reason: NeverReported, Timeout: svc.Timeout, Grace: svc.Grace,
		MaxRuntime: svc.MaxRuntime, LastDuration: h.LastDuration}
	latest := h.Latest
	if !latest.None() {
		r.Latest, r.Shown = latest, latest
		r.Age = max(now.Sub(latest.At), 0)
		r.DueAt, r.NextDue = deadline(svc, latest.At)
	}
	running := h.RunningSince
	if overtaken(h) {
		running = time.Time{}
	}
	if !running.IsZero() {
		r.RunningSince = running.UTC()
		if svc.Schedule != nil {
			r.RunningSince = running.In(svc.Schedule.Location())
		}
	}
	if !running.IsZero() && svc.MaxRuntime > 0 {
		limit := running.Add(svc.MaxRuntime)
		r.NextDue = limit
		if !now.After(limit) {
			if !latest.None() {
				r.reported(svc, h.LatestOK, now)
			}
			return r
		}
		r.Reason, r.Late = RunTooLong, now.Sub(limit)
		r.Status = checkin.Warning
		if r.Late > svc.Grace {
			r.Status = checkin.Critical
		}
		return r
	}
	if latest.None() {
		return r
	}
	switch {
	case r.NextDue.IsZero() || !now.After(r.NextDue):
		r.reported(svc, h.LatestOK, now)
	case now.Sub(r.NextDue) <= svc.Grace:
		r.Status, r.Reason, r.Late = checkin.Warning, Overdue, now.Sub(r.NextDue)
	default:
		r.Status, r.Reason, r.Late = checkin.Critical, Expired, now.Sub(r.NextDue)
	}
	return r
}

// overtaken reports whether the open run started before the newest finished run did: a later
// run has started and finished since, so this one was left behind (killed, or its host went
// down) and is no longer watched, as Healthchecks forgets a start when the next one comes.
// The newest finished run is taken to be the one the newest report closed, LastDuration long.
func overtaken(h History) bool {
	return !h.RunningSince.IsZero() && h.LastDuration > 0 && !h.Latest.None() &&
		h.Latest.At.Add(-h.LastDuration).After(h.RunningSince)
}

// reported sets the reported status as the state: the newest report's, or with
// tolerate_failures the newest OK report's when that is on time and the newest is a failure.
func (r *Result) reported(svc *config.Service, latestOK Report, now time.Time) {
	r.Status, r.Reason = r.Latest.Status, Fresh
	failing := r.Latest.Status == checkin.Warning || r.Latest.Status == checkin.Critical
	if !failing || !svc.TolerateFailures || latestOK.None() {
		return
	}
	if _, okDue := deadline(svc, latestOK.At); okDue.IsZero() || !now.After(okDue) {
		r.Status, r.Reason, r.Shown = checkin.OK, Tolerated, latestOK
	}
}

// deadline is when a report made at t stops being on time: for a scheduled service the first
// scheduled time after t (due) plus the timeout, else t plus the timeout. Both are zero when
// the report never goes stale (timeout 0).
func deadline(svc *config.Service, t time.Time) (due, end time.Time) {
	if svc.Schedule != nil {
		due = svc.Schedule.Next(t)
		if due.IsZero() {
			return time.Time{}, time.Time{}
		}
		return due, due.Add(svc.Timeout)
	}
	if svc.Timeout == 0 {
		return time.Time{}, time.Time{}
	}
	return time.Time{}, t.Add(svc.Timeout)
}
