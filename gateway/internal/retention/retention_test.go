package retention

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

func TestRunPrunesOnScheduleWithTheInjectedClock(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	// The clock says 2030: check-ins from 2026 are old by it, whatever the real date.
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		c := storage.Checkin{Service: "a", Status: checkin.OK, Info: fmt.Sprint(i), At: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)}
		if err := st.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, Info: "recent", At: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	var logs checkintest.SyncBuffer
	pol := Policy{Age: 400 * 24 * time.Hour, Keep: 2, FirstAfter: time.Millisecond, Every: time.Hour,
		Pace: storage.PruneOptions{Batch: 2, Pause: time.Millisecond}}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		Run(runCtx, st, pol, func() time.Time { return now }, slog.New(slog.NewTextHandler(&logs, nil)))
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "deleted=4") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(logs.String(), "retention: pruned old check-ins") {
		t.Fatalf("log = %q; want a pass that deleted 4", logs.String())
	}
	hist, err := storagetest.History(ctx, st, "a", 10)
	if err != nil || len(hist) != 2 || hist[0].Info != "recent" || hist[1].Info != "4" {
		t.Errorf("history after the pass = %v, %v; want recent and 4", hist, err)
	}
}

// countingPruner records calls; Run must not call it when retention is off.
type countingPruner struct{ calls int }

func (c *countingPruner) Prune(context.Context, time.Time, int, storage.PruneOptions) (int, error) {
	c.calls++
	return 0, nil
}

func TestRunWithAgeZeroKeepsEverything(t *testing.T) {
	var p countingPruner
	done := make(chan struct{})
	go func() {
		Run(context.Background(), &p, Policy{Age: 0, FirstAfter: 0, Every: time.Millisecond}, time.Now, slog.New(slog.DiscardHandler))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run with Age 0 did not return")
	}
	if p.calls != 0 {
		t.Errorf("Prune called %d times with retention off; want 0", p.calls)
	}
}
