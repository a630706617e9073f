package verdict

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Of is the verdict on a service's state, as check_checkin prints it and as the gateway pushes
// it to Icinga:
//
//	<service>: <info> (last report <RFC 3339 time>, <age> ago) | age=<s>s;<timeout>;<timeout+grace>;0 duration=<s>s
//
// (duration only when the gateway knows the newest finished run's length)
// and "<service>: never reported in", without perfdata, for a service that never reported.
func Of(service string, st checkin.State) Result {
	r := Result{Status: st.Status}
	if st.ReportedAt == nil && st.Timestamp == 0 {
		r.Summary = service + ": never reported in"
		if st.RunningSince != nil && st.Info != "" {
			r.Summary = service + ": " + shortInfo(st.Info) // a first run started: the gateway says how it goes
		}
		return r
	}
	at := time.Unix(st.Timestamp, 0)
	if st.ReportedAt != nil {
		at = *st.ReportedAt
	}
	summary := service
	// Output sent with a ping or by a wrapper ends in a line break, which would read as a
	// dangling " / " before "(last report".
	if info := strings.TrimRightFunc(st.Info, unicode.IsSpace); info != "" {
		summary += ": " + shortInfo(info)
	}
	summary += " (last report " + at.UTC().Format(time.RFC3339)
	if st.AgeSeconds != nil {
		age := time.Duration(*st.AgeSeconds) * time.Second
		summary += ", " + checkin.FormatDuration(age) + " ago"
		timeout := st.TimeoutSeconds
		if st.Schedule != "" {
			timeout = 0 // a scheduled service's timeout counts from its due time, not its last report
		}
		r.Perf = []Perf{agePerf(*st.AgeSeconds, timeout, st.GraceSeconds)}
	}
	if st.LastDurationSeconds != nil {
		r.Perf = append(r.Perf, Perf{Label: "duration", Value: *st.LastDurationSeconds, Unit: "s", Min: "0"})
	}
	r.Summary = summary + ")"
	return r
}

// maxInfoBytes bounds the info the plugin prints. A client may send 64 KiB (and invisible
// characters shown as escapes grow sixfold), but Nagios reads at most 8 KiB of a plugin's
// output and drops the rest, the report time and perfdata at the end of the line included.
const maxInfoBytes = 4 << 10

// shortInfo is info made one line (OneLine), cut to maxInfoBytes and then marked
// "[cut]"; a service's status page shows it whole at its top.
func shortInfo(info string) string {
	info = OneLine(info)
	if len(info) <= maxInfoBytes {
		return info
	}
	return dropPartialEscape(strings.ToValidUTF8(info[:maxInfoBytes], "")) + " ... [cut]"
}

// dropPartialEscape removes an escape of an invisible character (\uXXXX or \UXXXXXXXX, see
// checkin.ShowInvisible) that a cut left unfinished at the end of s, so that the line never
// ends in a half escape such as "\u20". A literal backslash and u that close the text go too,
// which costs a few characters of a text that is cut anyway.
func dropPartialEscape(s string) string {
	from := max(0, len(s)-9) // an unfinished escape starts within the last 9 bytes
	i := strings.LastIndexByte(s[from:], '\\')
	if i < 0 {
		return s
	}
	tail := s[from+i+1:]
	if (strings.HasPrefix(tail, "u") && len(tail) < 5) || (strings.HasPrefix(tail, "U") && len(tail) < 9) || tail == "" {
		return s[:from+i]
	}
	return s
}

// agePerf is age=<s>s;<timeout>;<timeout+grace>;0, thresholds left empty when the service has
// no timeout.
func agePerf(age, timeout, grace int64) Perf {
	p := Perf{Label: "age", Value: float64(age), Unit: "s", Min: "0"}
	if timeout > 0 {
		p.Warn = strconv.FormatInt(timeout, 10)
		p.Crit = strconv.FormatInt(timeout+grace, 10)
	}
	return p
}
