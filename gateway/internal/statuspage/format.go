package statuspage

import (
	"fmt"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// severity orders the status page worst first. UNKNOWN comes after WARNING: here it mostly
// means a service that never checked in yet, or a client that could not tell, which is less
// pressing than a known failure or a late report.
var severity = map[checkin.Status]int{checkin.Critical: 0, checkin.Warning: 1, checkin.Unknown: 2, checkin.OK: 3}

// stamp is a moment as a page shows it: for people, and as RFC 3339 for <time datetime>.
type stamp struct{ Text, ISO string }

func newStamp(t, now time.Time) stamp {
	return stamp{Text: localTime(t, now), ISO: t.UTC().Format(time.RFC3339)}
}

// statusClass is a status's CSS class.
func statusClass(s checkin.Status) string {
	if !s.Valid() {
		return "unknown"
	}
	return map[checkin.Status]string{checkin.OK: "ok", checkin.Warning: "warning", checkin.Critical: "critical", checkin.Unknown: "unknown"}[s]
}

// localTime writes a time for people, in the gateway's time zone (now's).
func localTime(t, now time.Time) string { return t.In(now.Location()).Format("2006-01-02 15:04 MST") }

// durationWords writes a duration in words with its two largest units: "2 days",
// "1 day 12 hours", "90 minutes" is "1 hour 30 minutes".
func durationWords(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}}
	var parts []string
	for _, u := range units {
		if len(parts) == 2 {
			break
		}
		n := d / u.size
		if n == 0 {
			if len(parts) > 0 {
				break
			}
			continue
		}
		d -= n * u.size
		s := fmt.Sprintf("%d %s", n, u.name)
		if n != 1 {
			s += "s"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "0 seconds"
	}
	return strings.Join(parts, " ")
}
