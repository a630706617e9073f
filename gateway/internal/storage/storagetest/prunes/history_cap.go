// Package prunes is the conformance suite's part on deleting: prunes by age and by size,
// and what the size cap deleted, kept across a rename.
package prunes

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// capRow is the size of each check-in the cap tests add: 1,000 bytes of info plus the overhead.
const capRow = 1000 + storage.RowOverhead

// addSized adds n check-ins of 1,000 bytes of info, a minute apart from minute from; the first
// is OK, the others CRITICAL.
func addSized(t *testing.T, s kit.Store, service string, from, n int) {
	t.Helper()
	for i := range n {
		st := checkin.Critical
		if i == 0 {
			st = checkin.OK
		}
		kit.MustAdd(t, s, kit.Report(service, st, fmt.Sprintf("%04d%s", from+i, strings.Repeat("x", 996)), from+i))
	}
}

// PruneToBytes deletes the oldest check-ins beyond the size, keeps the newest keep, the newest
// report and the newest OK report, leaves other services alone and notes what it deleted.
func PruneToBytes(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	at := kit.T0.Add(48 * time.Hour)
	addSized(t, s, "big", 0, 300)
	addSized(t, s, "other", 0, 300)
	tests := []struct {
		name        string
		maxBytes    int64
		keep        int
		wantDeleted int
		wantKept    int // besides the newest OK report, the oldest
	}{
		{"fits", 300 * capRow, 100, 0, 300},
		{"the newest that fit", 100 * capRow, 10, 199, 100},
		{"the newest keep whatever the size", 1, 30, 70, 30},
		{"never fewer than one", 0, 0, 29, 1},
	}
	total := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := s.PruneToBytes(ctx, "big", tt.maxBytes, tt.keep, at)
			if err != nil || n != tt.wantDeleted {
				t.Fatalf("PruneToBytes(%d, keep %d) = %d, %v; want %d", tt.maxBytes, tt.keep, n, err, tt.wantDeleted)
			}
			total += n
			h := kit.MustHistory(t, s, "big", 1000)
			if len(h) != tt.wantKept+min(1, 300-tt.wantKept) {
				t.Fatalf("%d check-ins kept; want the newest %d and the OK one", len(h), tt.wantKept)
			}
			if h[0].Info[:4] != "0299" || h[tt.wantKept-1].Info[:4] != fmt.Sprintf("%04d", 300-tt.wantKept) || h[len(h)-1].Info[:4] != "0000" {
				t.Errorf("kept %s..%s and %s; want 0299..%04d and the OK 0000", h[0].Info[:4], h[tt.wantKept-1].Info[:4], h[len(h)-1].Info[:4], 300-tt.wantKept)
			}
			if sum := kit.MustSummary(t, s, "big"); sum.LatestOK.Info[:4] != "0000" || sum.Latest.Info[:4] != "0299" {
				t.Errorf("Summary = %+v; want it unchanged", sum)
			}
			want := storage.CapPruned{}
			if total > 0 {
				want = storage.CapPruned{At: at, Count: int64(total)}
			}
			if got, err := s.CapPruned(ctx, "big"); err != nil || !got.At.Equal(want.At) || got.Count != want.Count {
				t.Errorf("CapPruned = %+v, %v; want %+v", got, err, want)
			}
		})
	}
	if h := kit.MustHistory(t, s, "other", 1000); len(h) != 300 {
		t.Errorf("other service has %d check-ins; want its 300", len(h))
	}
	if got, err := s.CapPruned(ctx, "other"); err != nil || got != (storage.CapPruned{}) {
		t.Errorf("CapPruned(other) = %+v, %v; want never", got, err)
	}
	// New check-ins after a cap are kept and counted again.
	addSized(t, s, "big", 1000, 5)
	// 1004..1002 fit, 1000 is the newest OK now: 1001, 0299 and the old OK 0000 go.
	if n, err := s.PruneToBytes(ctx, "big", 3*capRow, 1, at.Add(time.Hour)); err != nil || n != 3 {
		t.Errorf("PruneToBytes after 5 more = %d, %v; want 3", n, err)
	}
	if got := kit.Infos(kit.MustHistory(t, s, "big", 10)); len(got) != 4 || got[3][:4] != "1000" {
		t.Errorf("kept %d check-ins; want 1004..1002 and the OK 1000", len(got))
	}
	if got, _ := s.CapPruned(ctx, "big"); got.Count != int64(total+3) || !got.At.Equal(at.Add(time.Hour)) {
		t.Errorf("CapPruned = %+v; want %d at %v", got, total+3, at.Add(time.Hour))
	}
}
