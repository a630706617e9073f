package checkpoint

import (
	"testing"
	"time"
)

// A checkpoint is due once a second has passed or enough check-ins came in since the last
// one, so that a start after a crash reads at most that many again; never with nothing to
// store.
func TestCheckpointDue(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	dirty := map[string]bool{"a": true}
	tests := []struct {
		name string
		c    State
		want bool
	}{
		{"nothing changed", State{Every: time.Second, At: now.Add(-time.Hour)}, false},
		{"changed, too soon", State{Every: time.Second, At: now.Add(-time.Millisecond), Dirty: dirty, Mark: 10, Newest: 20}, false},
		{"changed, a second ago", State{Every: time.Second, At: now.Add(-time.Second), Dirty: dirty}, true},
		{"many check-ins since", State{Every: time.Second, At: now, Dirty: dirty, Mark: 10, Newest: 10 + Rows}, true},
		{"every batch", State{Every: 0, At: now}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Due(now); got != tt.want {
				t.Errorf("Due(%+v) = %v; want %v", tt.c, got, tt.want)
			}
		})
	}
}
