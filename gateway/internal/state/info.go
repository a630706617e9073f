package state

import (
	"strings"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// NeverReportedInfo is the info of a service that never checked in.
const NeverReportedInfo = "never reported in"

// Info explains the state in one line of words: the report's own info while it is fresh, and
// how late it is and what it said once it is overdue.
func (r Result) Info() string {
	switch r.Reason {
	case NeverReported:
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
	b.WriteString("overdue by ")
	b.WriteString(checkin.FormatDuration(r.Late))
	b.WriteString(" (timeout ")
	b.WriteString(checkin.FormatDuration(r.Timeout))
	b.WriteString(", grace ")
	b.WriteString(checkin.FormatDuration(r.Grace))
	b.WriteString("); last report ")
	b.WriteString(r.Latest.Status.String())
	if r.Latest.Info != "" {
		b.WriteString(": ")
		b.WriteString(r.Latest.Info)
	}
	return b.String()
}
