package ratelimit

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in    string
		every time.Duration
		burst int
		str   string
	}{
		{"1/s", time.Second, 60, "1/s burst 60"},
		{"10/m", 6 * time.Second, 60, "10/m burst 60"},
		{"10/m burst 5", 6 * time.Second, 5, "10/m burst 5"},
		{" 100/1h  burst  2 ", 36 * time.Second, 2, "100/h burst 2"},
		{"6/10m", 100 * time.Second, 60, "6/10m burst 60"},
		{"1000/s", time.Millisecond, 60, "1000/s burst 60"},
		{"off", 0, 0, "off"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if r.Every != tt.every || r.Burst != tt.burst || r.String() != tt.str {
			t.Errorf("Parse(%q) = %v every %v burst %d; want %s every %v burst %d", tt.in, r, r.Every, r.Burst, tt.str, tt.every, tt.burst)
		}
	}
	for _, bad := range []string{"", "1", "fast", "0/s", "-1/s", "1/x", "1/0s", "1/s burst 1", "1/s burst x", "1/s burst", "2000/s", "1.5/s"} {
		if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), "invalid rate") {
			t.Errorf("Parse(%q) = %v; want an invalid rate error", bad, err)
		}
	}
}
