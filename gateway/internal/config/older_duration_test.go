package config

import (
	"strings"
	"testing"
)

// A duration in one of the older gateway's forms is refused with the way to write it here and
// the command that converts a whole file; other bad durations get no such hint.
func TestOlderDurationFormsAreExplained(t *testing.T) {
	tests := []struct{ in, want, notWant string }{
		{`"2 days"`, `field timeout: invalid duration "2 days"`, ""},
		{`"2 days"`, `write "2d" (the older gateway's form; import-legacy --from-config`, ""},
		{`"1h 30m"`, `write "1h30m"`, ""},
		{`"5 hrs, 34 mins"`, `write "5h34m"`, ""},
		{`"1:30:00"`, `write "1h30m"`, ""},
		{`"2 d\u0061ys"`, `write "2d"`, ""}, // an escaped string takes the slow path
		{`"soon"`, `invalid duration "soon"`, "import-legacy"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(`{"a": {"token": "t", "timeout": ` + tt.in + `}}`))
		if err == nil || !strings.Contains(err.Error(), tt.want) || tt.notWant != "" && strings.Contains(err.Error(), tt.notWant) {
			t.Errorf("timeout %s: error %v; want it to contain %q (and not %q)", tt.in, err, tt.want, tt.notWant)
		}
	}
}
