package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// RenameService moves a service's whole history, its summary and its open run to the new
// name: the new name reads exactly as the old one did, the old one reads empty, and a run
// started under the old name is finished under the new one. A name that has check-ins is
// never a target, and a name without any moves nothing.
func testRenameService(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := kit.MustOpen(t, open)
	kit.MustAdd(t, s,
		kit.Report("old", checkin.OK, "first", 0),
		kit.Report("old", checkin.Critical, "broke", 1),
		kit.Report("other", checkin.OK, "x", 2),
		storage.Checkin{Service: "old", Kind: checkin.KindStart, Status: checkin.OK, RunID: "r1", At: kit.T0.Add(3 * time.Minute)},
	)
	history, sum := kit.MustHistory(t, s, "old", 10), kit.MustSummary(t, s, "old")
	if _, err := s.RenameService(ctx, "old", "other"); !errors.Is(err, storage.ErrRenameTaken) {
		t.Errorf("rename to a name with check-ins: %v; want ErrRenameTaken", err)
	}
	if got := kit.MustHistory(t, s, "old", 10); len(got) != len(history) {
		t.Fatalf("a refused rename changed the history: %d rows; want %d", len(got), len(history))
	}
	moved, err := s.RenameService(ctx, "old", "new")
	if err != nil || moved != 3 {
		t.Fatalf("RenameService = %d, %v; want 3 moved", moved, err)
	}
	for i := range history {
		history[i].Service = "new"
	}
	for _, c := range []*storage.Checkin{&sum.Latest, &sum.LatestOK} {
		c.Service = "new"
	}
	if diff := cmp.Diff(history, kit.MustHistory(t, s, "new", 10)); diff != "" {
		t.Errorf("the new name's history (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(sum, kit.MustSummary(t, s, "new")); diff != "" {
		t.Errorf("the new name's summary (-want +got):\n%s", diff)
	}
	if h, sumOld := kit.MustHistory(t, s, "old", 10), kit.MustSummary(t, s, "old"); len(h) != 0 || sumOld != (storage.Summary{}) {
		t.Errorf("the old name after the rename: %d rows, summary %+v; want none", len(h), sumOld)
	}
	// The run started under the old name is finished by a report under the new one.
	kit.MustAdd(t, s, storage.Checkin{Service: "new", Status: checkin.OK, Info: "done", RunID: "r1", At: kit.T0.Add(5 * time.Minute)})
	if got := kit.MustSummary(t, s, "new"); got.LastDuration != 2*time.Minute || !got.RunningSince.IsZero() {
		t.Errorf("after the run's report under the new name: LastDuration %v, RunningSince %v; want 2m0s and none",
			got.LastDuration, got.RunningSince)
	}
	if moved, err := s.RenameService(ctx, "nobody", "somebody"); err != nil || moved != 0 {
		t.Errorf("renaming a name without check-ins = %d, %v; want 0, nil", moved, err)
	}
	if got := kit.MustSummary(t, s, "other"); got.Latest.Info != "x" {
		t.Errorf("another service's summary changed: %+v", got)
	}
}
