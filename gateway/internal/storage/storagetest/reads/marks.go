package reads

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Marks are the history without infos: the same check-ins as History, newest first, since a
// time and the first one before it, but at least atLeast and at most atMost.
func Marks(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	for i := range 30 {
		c := kit.Report("a", checkin.Status(i%4), fmt.Sprint("info ", i), i)
		switch i % 5 {
		case 1:
			c.Kind = checkin.KindStart
		case 2:
			c.Kind = checkin.KindLog
		}
		kit.MustAdd(t, s, c)
	}
	kit.MustAdd(t, s, kit.Report("b", checkin.OK, "other", 40))
	hist := kit.MustHistory(t, s, "a", 100)
	tests := []struct {
		name            string
		since           time.Time
		atLeast, atMost int
		want            int
	}{
		{"everything", kit.T0, 0, 1000, 30},
		{"since minute 20", kit.T0.Add(20 * time.Minute), 0, 1000, 11},
		{"at least 15", kit.T0.Add(20 * time.Minute), 15, 1000, 15},
		{"at most 5", kit.T0, 0, 5, 5},
		{"nothing new: the newest tells the state", kit.T0.Add(time.Hour), 0, 1000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Marks(ctx, "a", tt.since, tt.atLeast, tt.atMost)
			if err != nil || len(got) != tt.want {
				t.Fatalf("Marks = %d marks, %v; want %d", len(got), err, tt.want)
			}
			for i, m := range got {
				h := hist[i]
				if want := (storage.Mark{ID: h.ID, At: h.At, Status: h.Status, Kind: h.Kind}); m != want {
					t.Errorf("mark %d = %+v; want %+v (as History has it)", i, m, want)
				}
			}
		})
	}
}
