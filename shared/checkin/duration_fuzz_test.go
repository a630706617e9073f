package checkin

import (
	"strconv"
	"testing"
	"time"
)

// FuzzParseDuration: no input panics; what is accepted is whole non-negative seconds, means
// the same written as plain seconds, and can be formatted.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"3600", "90m", "1d12h", "2w", " 5S ", "0", "-1", "1x", "", "99999999999999999999", "1d1d", "h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 || d%time.Second != 0 {
			t.Fatalf("ParseDuration(%q) = %v; want whole non-negative seconds", s, d)
		}
		secs := strconv.FormatInt(int64(d/time.Second), 10)
		if back, err := ParseDuration(secs); err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v, %v; want %v as for %q", secs, back, err, d, s)
		}
		if FormatDuration(d) == "" {
			t.Fatalf("FormatDuration(%v) is empty", d)
		}
	})
}
