package servicefile

import (
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestParseDuration(t *testing.T) {
	const d, h, m, s = 24 * time.Hour, time.Hour, time.Minute, time.Second
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"30d", 30 * d},
		{"1h 30m", h + 30*m},
		{"2 days", 2 * d},
		{"1:30:00", h + 30*m},
		{"3600", 3600 * s},
		{"3600.0", 3600 * s},
		{" 90 ", 90 * s},
		{"0", 0},
		{"1d12h", d + 12*h},
		{"2w", 14 * d},
		{"1w 3d 2h 32m", 7*d + 3*d + 2*h + 32*m},
		{"1 w 3 d 2 h 32 m", 10*d + 2*h + 32*m},
		{"5hr34m56s", 5*h + 34*m + 56*s},
		{"5 hours, 34 minutes, 56 seconds", 5*h + 34*m + 56*s},
		{"5 hrs, 34 mins, 56 secs", 5*h + 34*m + 56*s},
		{"2 days, 5 hours, 34 minutes, 56 seconds", 2*d + 5*h + 34*m + 56*s},
		{"1.5h", h + 30*m},
		{"1.2 minutes", 72 * s},
		{"172 hrs", 172 * h},
		{"5.5 wk", 38*d + 12*h},
		{"4:13", 4*m + 13*s},
		{"4:13:02", 4*h + 13*m + 2*s},
		{"2:04:13:02", 2*d + 4*h + 13*m + 2*s},
		{"2 days, 4:13:02", 2*d + 4*h + 13*m + 2*s},
		{":13", 13 * s},
		{"+1h", h},
		{"30D", 30 * d},
		{"2 DAYS", 2 * d},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationRefuses(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty"},
		{"   ", "empty"},
		{"-1h", "negative"},
		{"soon", "not a duration"},
		{"3 months", "not a duration"},
		{"1y", "not a duration"},
		{"1.2.3h", "not a number"},
		{"1.5", "not a whole number of seconds"},
		{"4:13:02.5", "not a whole number of seconds"},
		{"1e3", "not a duration"},
		{"1/2", "not a duration"},
		{"99999999999999999999w", "too long"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseDuration(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
		}
	}
}

// Every duration FormatDuration writes is one our own services.json loader reads back.
func TestFormatDurationReadsBack(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0"},
		{time.Second, "1s"},
		{30 * checkin.Day, "30d"},
		{time.Hour + 30*time.Minute, "1h30m"},
		{checkin.Day + 5*time.Second, "1d5s"},
		{400*checkin.Day + 23*time.Hour + 59*time.Minute + 59*time.Second, "400d23h59m59s"},
	}
	for _, tt := range tests {
		got := FormatDuration(tt.in)
		if got != tt.want {
			t.Errorf("FormatDuration(%v) = %q; want %q", tt.in, got, tt.want)
		}
		back, err := checkin.ParseDuration(got)
		if err != nil || back != tt.in {
			t.Errorf("checkin.ParseDuration(%q) = %v, %v; want %v", got, back, err, tt.in)
		}
	}
}

func TestSecondsValue(t *testing.T) {
	tests := []struct {
		in      float64
		want    time.Duration
		wantErr bool
	}{
		{2592000.0, 30 * checkin.Day, false},
		{0, 0, false},
		{1.5, 0, true},
		{-60, 0, true},
		{1e30, 0, true},
	}
	for _, tt := range tests {
		got, err := SecondsValue(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("SecondsValue(%v) = %v, %v; want %v (error: %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
