package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A client may send up to 64 KiB of info. Nagios reads at most 8 KiB of a plugin's output
// and drops the rest, perfdata included, so the plugin cuts a long info and keeps the line,
// with its report time and perfdata, well inside that.
func TestRunCutsLongInfo(t *testing.T) {
	tests := []struct {
		name, info string
		cut        bool
	}{
		{"64 KiB of text", strings.Repeat("x", 64<<10-100), true},
		{"multi-byte characters", strings.Repeat("é", 30<<10), true},
		{"invisible characters that escape to six bytes each", strings.Repeat("\u200b", 20<<10), true},
		{"short", "copied 3 files", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := serve(t, state("nightly-backup", reported("nightly-backup", checkin.Critical, checkin.Critical, tt.info, 5, 60, 60)), nil)
			var out bytes.Buffer
			code := run([]string{"--service", "nightly-backup", "--url", "http://" + addr}, func(string) string { return "" }, &out)
			line := out.String()
			if code != 2 {
				t.Errorf("exit code %d; want 2 (CRITICAL, as stored)", code)
			}
			if len(line) > 4<<10+200 {
				t.Errorf("output is %d bytes; want at most about 4 KiB", len(line))
			}
			if !strings.HasSuffix(line, " | age=5s;60;120;0\n") || !strings.Contains(line, "(last report ") {
				t.Errorf("output lost its end: ...%q", line[max(0, len(line)-120):])
			}
			if strings.Contains(line, "[cut]") != tt.cut {
				t.Errorf("output %.60q... says [cut]: %v; want %v", line, !tt.cut, tt.cut)
			}
		})
	}
}
