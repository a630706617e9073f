// Package nagios models a monitoring plugin's result and writes it the way Icinga and Nagios
// read it: one line of text, then perfdata after a '|'.
package nagios

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

// Line is the result as one line without the trailing newline:
// "<PREFIX> <STATUS> - <summary>[ | <perfdata>]". The summary is made single-line and stripped
// of '|' (see OneLine), so text from elsewhere cannot forge perfdata or a second line.
func (r Result) Line(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(" ")
	b.WriteString(checkin.Status(r.Status.ExitCode()).String()) // an invalid state shows as UNKNOWN
	b.WriteString(" - ")
	b.WriteString(OneLine(r.Summary))
	for i, p := range r.Perf {
		if i == 0 {
			b.WriteString(" |")
		}
		b.WriteString(" ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Write prints the result's line and a newline to w and returns the exit code.
func (r Result) Write(w io.Writer, prefix string) int {
	_, _ = io.WriteString(w, r.Line(prefix)+"\n") // nobody to tell if stdout is gone
	return r.Status.ExitCode()
}
