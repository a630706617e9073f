// Package verdict models a service's verdict as a monitoring plugin's result and writes it the
// way Icinga and Nagios read it: one line of text, then perfdata after a '|'. check_checkin
// prints it; the gateway's push mode sends the same text and perfdata to Icinga's API, so both
// paths show a service alike. Standard library only.
package verdict

import (
	"io"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Result is everything a plugin run says: the state (which is also the exit code), a summary in
// words and its performance data.
type Result struct {
	Status  checkin.Status
	Summary string
	Perf    []Perf
}

// Prefix starts check_checkin's line, and the output the gateway pushes.
const Prefix = "CHECKIN"

// Line is the result as one line without the trailing newline:
// "<PREFIX> <STATUS> - <summary>[ | <perfdata>]". The summary is made single-line and stripped
// of '|' (see OneLine), so text from elsewhere cannot forge perfdata or a second line.
func (r Result) Line(prefix string) string {
	line := r.Text(prefix)
	if len(r.Perf) == 0 {
		return line
	}
	return line + " | " + strings.Join(r.PerfData(), " ")
}

// Text is the line before the perfdata: "<PREFIX> <STATUS> - <summary>", what Icinga shows as
// the output.
func (r Result) Text(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(" ")
	b.WriteString(checkin.Status(r.Status.ExitCode()).String()) // an invalid state shows as UNKNOWN
	b.WriteString(" - ")
	b.WriteString(OneLine(r.Summary))
	return b.String()
}

// PerfData is each perfdata item as Icinga splits them from the line; nil without perfdata.
func (r Result) PerfData() []string {
	if len(r.Perf) == 0 {
		return nil
	}
	out := make([]string, len(r.Perf))
	for i, p := range r.Perf {
		out[i] = p.String()
	}
	return out
}

// Write prints the result's line and a newline to w and returns the exit code.
func (r Result) Write(w io.Writer, prefix string) int {
	_, _ = io.WriteString(w, r.Line(prefix)+"\n") // nobody to tell if stdout is gone
	return r.Status.ExitCode()
}
