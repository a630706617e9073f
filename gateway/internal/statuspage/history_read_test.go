package statuspage

import (
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A page keeps the infos of its first historyRows rows only, but every report of the window
// for the timeline, and stops at the window's start once it has atLeast check-ins.
func TestReadPageHistory(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	const n = historyRows + 100
	seq := func(yield func(storage.Checkin, error) bool) {
		for i := range n {
			c := storage.Checkin{Status: checkin.OK, Info: fmt.Sprint("run ", i), At: now.Add(-time.Duration(i) * time.Minute)}
			if i%10 == 0 {
				c.Kind = checkin.KindStart
			}
			if !yield(c, nil) {
				return
			}
		}
	}
	h, err := readPageHistory(iter.Seq2[storage.Checkin, error](seq), now.Add(-time.Hour), 50)
	if err != nil {
		t.Fatal(err)
	}
	if h.read != 62 || len(h.reports) != 55 || len(h.rows) != 62 || h.truncated {
		t.Errorf("an hour back: read %d, reports %d, rows %d, truncated %v; want 62 (the first one past the hour ends it), 55 (starts are no reports), 62, false",
			h.read, len(h.reports), len(h.rows), h.truncated)
	}
	h, err = readPageHistory(iter.Seq2[storage.Checkin, error](seq), now.Add(-24*time.Hour), 50)
	if err != nil {
		t.Fatal(err)
	}
	if h.read != n || len(h.rows) != historyRows || !h.truncated || h.rows[0].Info != "run 0" {
		t.Errorf("a day back: read %d, rows %d, truncated %v; want %d, %d (the newest), true", h.read, len(h.rows), h.truncated, n, historyRows)
	}
}
