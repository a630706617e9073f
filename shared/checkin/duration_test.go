package checkin

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"0", 0, false},
		{"3600", time.Hour, false},
		{" 90m ", 90 * time.Minute, false},
		{"2d", 2 * Day, false},
		{"1d12h", 36 * time.Hour, false},
		{"2w", 2 * Week, false},
		{"1w2d3h4m5s", Week + 2*Day + 3*time.Hour + 4*time.Minute + 5*time.Second, false},
		{"2D", 2 * Day, false},
		{"", 0, true},
		{"-5", 0, true},
		{"5x", 0, true},
		{"d", 0, true},
		{"5", 5 * time.Second, false},
		{"1.5h", 0, true},
		{"12", 12 * time.Second, false},
		{"1h 30m", 0, true},
		{"99999999999999999999w", 0, true},
		{"9999999999999w", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{999 * time.Millisecond, "0s"},
		{42 * time.Second, "42s"},
		{5*time.Minute + 10*time.Second, "5m 10s"},
		{2*Day + 3*time.Hour + 59*time.Minute, "2d 3h"},
		{2*Day + 5*time.Minute, "2d"},
		{Week, "1w"},
		{-90 * time.Second, "1m 30s"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
