package schedule

import (
	"testing"
	"time"
)

// FuzzParse: whatever the expression, Parse does not panic, and a schedule it accepts runs
// strictly after any time, in its zone.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0 2 1 * *", "*/15 * * * *", "30 18 * * mon-fri", "0 3 L * 5L", "1 1 * * MON#2,7L",
		"@hourly", "5/15 1-9/4,22 1,L jan-mar */2", "0 0 30 2 *", "* * * * 8", "1-1_0 * * * *"} {
		f.Add(s, int64(1795622699))
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr string, unix int64) {
		s, err := Parse(expr, berlin)
		if err != nil {
			return
		}
		after := time.Unix(unix%(1<<34), 0) // within a few hundred years of 1970
		next := s.Next(after)
		if !next.After(after) || next.Location() != berlin {
			t.Fatalf("Parse(%q).Next(%v) = %v; want a later time in Europe/Berlin", expr, after, next)
		}
		_ = s.Describe()
	})
}
