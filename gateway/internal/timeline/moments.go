package timeline

import (
	"iter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
)

// moments are the times the state may change at, in time order: from, each report's time and,
// with a timeout, that plus the timeout and plus the timeout and grace. asc is in time order,
// so each of the three lists is too: they are merged, not sorted (20,000 reports made the sort
// most of a status page's cost), and yielded one by one, not kept (60,000 of them were 1.9 MB
// of garbage a page).
func moments(asc []state.Report, from time.Time, timeout, grace time.Duration) iter.Seq[moment] {
	return func(yield func(moment) bool) {
		if !yield(moment{from, -1}) { // earlier moments are skipped by the caller: its place does not matter
			return
		}
		if timeout <= 0 {
			for i, c := range asc {
				if !yield(moment{c.At, i}) {
					return
				}
			}
			return
		}
		offsets := [3]time.Duration{0, timeout, timeout + grace}
		var next [3]int // the next report of each list
		for {
			best := -1
			var at time.Time
			for k, i := range next {
				if i == len(asc) {
					continue
				}
				if t := asc[i].At.Add(offsets[k]); best < 0 || t.Before(at) {
					best, at = k, t
				}
			}
			if best < 0 || !yield(moment{at, next[best]}) {
				return
			}
			next[best]++
		}
	}
}

// moment is a time the state may change at, and the report whose time, timeout or grace ends
// then (-1 for the window's start).
type moment struct {
	at     time.Time
	report int
}

// reportCursor finds the newest report at or before a moment, for moments in time order.
type reportCursor struct {
	asc []state.Report
	i   int // the newest report at or before the last moment asked; -1 for none
}

// at returns the index of the newest report whose time is not after after, or -1.
func (c *reportCursor) at(after time.Time) int {
	for c.i+1 < len(c.asc) && !c.asc[c.i+1].At.After(after) {
		c.i++
	}
	return c.i
}
