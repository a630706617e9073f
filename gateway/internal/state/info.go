package state

import (
	"strings"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// NeverReportedInfo is the info of a service that never checked in.
const NeverReportedInfo = "never reported in"

// Info explains the state in one line of words: the report's own info while it is fresh; once
// it is overdue, the missed run's due time (with a schedule) or the run that has not finished,
// how late it is, and what the last report said.
func (r Result) Info() string {
	switch r.Reason {
	case NeverReported:
		if !r.RunningSince.IsZero() {
			// The first run is under way: say so, rather than only that nothing came yet.
			return "run started at " + r.RunningSince.Format(whenLayout) + ", not finished yet; " + NeverReportedInfo
		}
		return NeverReportedInfo
	case Fresh:
		return r.Latest.Info
	case Tolerated:
		var b strings.Builder
		b.WriteString(r.Shown.Info)
		if r.Shown.Info != "" {
			b.WriteString(" ")
		}
		b.WriteString("(tolerating a newer ")
		b.WriteString(r.Latest.Status.String())
		b.WriteString(" report")
		if r.Latest.Info != "" {
			b.WriteString(": ")
			b.WriteString(r.Latest.Info)
		}
		b.WriteString(")")
		return b.String()
	}
	var b strings.Builder
	switch {
	case r.Reason == RunTooLong:
		b.WriteString("run started at ")
		b.WriteString(r.RunningSince.Format(whenLayout))
		b.WriteString(" has not finished after ")
		b.WriteString(checkin.FormatDuration(r.MaxRuntime + r.Late))
		b.WriteString(" (max_runtime ")
		b.WriteString(checkin.FormatDuration(r.MaxRuntime))
	case !r.DueAt.IsZero():
		b.WriteString("missed the run due at ")
		b.WriteString(r.DueAt.Format(whenLayout))
		b.WriteString(": overdue by ")
		b.WriteString(checkin.FormatDuration(r.Late))
		b.WriteString(" (timeout ")
		b.WriteString(checkin.FormatDuration(r.Timeout))
	default:
		b.WriteString("overdue by ")
		b.WriteString(checkin.FormatDuration(r.Late))
		b.WriteString(" (timeout ")
		b.WriteString(checkin.FormatDuration(r.Timeout))
	}
	b.WriteString(", grace ")
	b.WriteString(checkin.FormatDuration(r.Grace))
	b.WriteString(")")
	if r.Latest.None() {
		b.WriteString("; ")
		b.WriteString(NeverReportedInfo)
		return b.String()
	}
	b.WriteString("; last report ")
	b.WriteString(r.Latest.Status.String())
	if r.Latest.Info != "" {
		b.WriteString(": ")
		b.WriteString(r.Latest.Info)
	}
	return b.String()
}

// whenLayout writes a due time or a run's start in words with its zone: 2026-12-01 02:00 CET.
const whenLayout = "2006-01-02 15:04 MST"
