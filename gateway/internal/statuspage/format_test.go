package statuspage

import (
	"testing"
	"time"
)

func TestDurationWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 seconds"}, {time.Second, "1 second"}, {90 * time.Second, "1 minute 30 seconds"},
		{time.Hour, "1 hour"}, {13 * time.Hour, "13 hours"}, {48 * time.Hour, "2 days"},
		{36 * time.Hour, "1 day 12 hours"}, {24*time.Hour + 5*time.Minute, "1 day"}, {14 * 24 * time.Hour, "14 days"},
	}
	for _, tt := range tests {
		if got := durationWords(tt.d); got != tt.want {
			t.Errorf("durationWords(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
}
