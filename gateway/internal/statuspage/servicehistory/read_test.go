package servicehistory

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestReadServiceHistory(t *testing.T) { backendtest.Each(t, testReadServiceHistory) }

// A page's timeline has every report of the window (and the one before it), read without
// infos; its table has the infos of the newest check-ins only, up to historyRows rows and
// historyInfoBytes of infos.
func testReadServiceHistory(t *testing.T, b backendtest.Backend) {
	s := b.Open(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	const n = historyRows + 100
	var rows []storage.Checkin
	for i := range n {
		c := storage.Checkin{Status: checkin.OK, Info: fmt.Sprint("run ", i), At: now.Add(-time.Duration(i) * time.Minute)}
		if i%10 == 0 {
			c.Kind = checkin.KindStart
		}
		rows = append(rows, c)
	}
	big := strings.Repeat("x", 60_000) // identical infos: one row, however many
	var bigRows []storage.Checkin
	for i := range 100 {
		bigRows = append(bigRows, storage.Checkin{Status: checkin.Critical, Info: big, At: now.Add(-time.Duration(i) * time.Minute)})
	}
	for name, rs := range map[string][]storage.Checkin{"a": rows, "big": bigRows} {
		if _, err := s.Import(ctx, name, rs); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, service            string
		since                    time.Time
		read, reports, tableRows int
		count                    int // check-ins in the table's first row
		truncated                bool
	}{
		{"an hour back", "a", now.Add(-time.Hour), 62, 55, 62, 1, false}, // 61 in the hour, and the one before
		{"a day back", "a", now.Add(-24 * time.Hour), n, n - n/10, historyRows, 1, true},
		{"60 KB infos", "big", now.Add(-24 * time.Hour), 100, 100, 1, 1 + historyInfoBytes/60_000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Read(ctx, s, tt.service, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			if h.Read != tt.read || len(h.Reports) != tt.reports || len(h.Rows) != tt.tableRows || h.Truncated != tt.truncated {
				t.Errorf("read %d, reports %d, rows %d, truncated %v; want %d, %d, %d, %v",
					h.Read, len(h.Reports), len(h.Rows), h.Truncated, tt.read, tt.reports, tt.tableRows, tt.truncated)
			}
			if len(h.Rows) > 0 && h.Rows[0].Count != tt.count {
				t.Errorf("first row holds %d check-ins; want %d", h.Rows[0].Count, tt.count)
			}
		})
	}
}
