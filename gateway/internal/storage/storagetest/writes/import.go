package writes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Import is a part of storagetest.Exercise.
func Import(t *testing.T, open func(t *testing.T) kit.Store) {
	older := []storage.Checkin{
		kit.Report("", checkin.OK, "old ok", 1),
		kit.Report("", checkin.Critical, "old crit", 2),
		kit.Report("", checkin.OK, "old ok 2", 3),
	}
	tests := []struct {
		name         string
		stored       []storage.Checkin // added before the import
		rows         []storage.Checkin
		wantAdded    int
		wantLatest   string
		wantLatestOK string
		wantHistory  []string // newest first
	}{
		{"into an empty store", nil, older, 3, "old ok 2", "old ok 2",
			[]string{"old ok 2", "old crit", "old ok"}},
		{"older rows never displace a newer check-in", []storage.Checkin{kit.Report("", checkin.Critical, "ours", 10)}, older, 3,
			"ours", "old ok 2", []string{"ours", "old ok 2", "old crit", "old ok"}},
		{"a newer OK stays the newest OK", []storage.Checkin{kit.Report("", checkin.OK, "ours", 10)}, older, 3,
			"ours", "ours", []string{"ours", "old ok 2", "old crit", "old ok"}},
		{"newer rows become the newest", []storage.Checkin{kit.Report("", checkin.OK, "ours", 0)}, older, 3,
			"old ok 2", "old ok 2", []string{"old ok 2", "old crit", "old ok", "ours"}},
		{"rows out of order are stored in time order", nil,
			[]storage.Checkin{older[2], older[0], older[1]}, 3, "old ok 2", "old ok 2",
			[]string{"old ok 2", "old crit", "old ok"}},
		{"an equal stored row is skipped", older[:1], older, 2, "old ok 2", "old ok 2",
			[]string{"old ok 2", "old crit", "old ok"}},
		{"equal rows in one call are stored once", nil, []storage.Checkin{older[0], older[0]}, 1, "old ok", "old ok",
			[]string{"old ok"}},
		{"equal old rows in one call are stored once", []storage.Checkin{kit.Report("", checkin.Critical, "ours", 10)},
			[]storage.Checkin{older[0], older[0]}, 1, "ours", "old ok", []string{"ours", "old ok"}},
		{"a row differing in info is not a duplicate", older[:1],
			[]storage.Checkin{kit.Report("", checkin.OK, "other", 1)}, 1, "other", "other", []string{"other", "old ok"}},
		{"a row differing in status is not a duplicate", older[:1],
			[]storage.Checkin{kit.Report("", checkin.Warning, "old ok", 1)}, 1, "old ok", "old ok", []string{"old ok", "old ok"}},
		{"a row differing in kind is not a duplicate", older[:1],
			[]storage.Checkin{{Kind: checkin.KindLog, Info: "old ok", At: older[0].At}}, 1, "old ok", "old ok", []string{"old ok", "old ok"}},
		{"nothing to import", nil, nil, 0, "", "", nil},
	}
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			service := fmt.Sprintf("import-%d", i)
			for _, c := range tt.stored {
				c.Service = service
				kit.MustAdd(t, s, c)
			}
			added, err := s.Import(ctx, service, tt.rows)
			if err != nil || added != tt.wantAdded {
				t.Fatalf("Import = %d, %v; want %d", added, err, tt.wantAdded)
			}
			sum := kit.MustSummary(t, s, service)
			if sum.Latest.Info != tt.wantLatest || sum.LatestOK.Info != tt.wantLatestOK {
				t.Errorf("Summary = newest %q, newest OK %q; want %q, %q", sum.Latest.Info, sum.LatestOK.Info, tt.wantLatest, tt.wantLatestOK)
			}
			if sum.Latest.Service != "" && sum.Latest.Service != service {
				t.Errorf("newest check-in's service = %q; want %q", sum.Latest.Service, service)
			}
			if got := kit.Infos(kit.MustHistory(t, s, service, 100)); !slices.Equal(got, tt.wantHistory) && len(got)+len(tt.wantHistory) > 0 {
				t.Errorf("history = %q; want %q", got, tt.wantHistory)
			}
			// Idempotent: the same import again adds nothing.
			if again, err := s.Import(ctx, service, tt.rows); err != nil || again != 0 {
				t.Errorf("second Import = %d, %v; want 0", again, err)
			}
		})
	}
}

// ImportRuns is a part of storagetest.Exercise.
func ImportRuns(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	start := func(min int, id string) storage.Checkin {
		return storage.Checkin{Kind: checkin.KindStart, RunID: id, At: kit.T0.Add(time.Duration(min) * time.Minute)}
	}
	fin := func(min int, id string) storage.Checkin {
		return storage.Checkin{RunID: id, At: kit.T0.Add(time.Duration(min) * time.Minute), Info: fmt.Sprint("finished ", min)}
	}
	t.Run("a run in one import", func(t *testing.T) {
		if _, err := s.Import(ctx, "a", []storage.Checkin{fin(3, ""), start(1, "")}); err != nil {
			t.Fatal(err)
		}
		checkRuns(t, s, "a", runCase{steps: []step{{'S', "", 1}, {'R', "", 3}}, durations: []int{2}, lastDuration: 2, runningSince: -1})
	})
	t.Run("an old start stays closed", func(t *testing.T) {
		kit.MustAdd(t, s, kit.Report("b", checkin.OK, "ours", 10))
		if _, err := s.Import(ctx, "b", []storage.Checkin{start(5, "")}); err != nil {
			t.Fatal(err)
		}
		if sum := kit.MustSummary(t, s, "b"); !sum.RunningSince.IsZero() {
			t.Errorf("RunningSince = %v; want none: a newer report finished that run", sum.RunningSince)
		}
	})
	t.Run("an older run does not displace the last duration", func(t *testing.T) {
		kit.MustAdd(t, s, in("c", start(20, "")), in("c", fin(21, "")))
		if _, err := s.Import(ctx, "c", []storage.Checkin{start(1, "x"), fin(9, "x")}); err != nil {
			t.Fatal(err)
		}
		if sum := kit.MustSummary(t, s, "c"); sum.LastDuration != time.Minute || sum.Latest.Info != "finished 21" {
			t.Errorf("Summary = %+v; want last duration 1m and newest 'finished 21'", sum)
		}
		if h, _ := kit.History(ctx, s, "c", 10); len(h) != 4 || h[2].Duration != 8*time.Minute {
			t.Errorf("history = %+v; want the imported run's report with 8m", h)
		}
	})
	t.Run("an old start does not replace a newer open run", func(t *testing.T) {
		kit.MustAdd(t, s, in("e", start(30, "")))
		if _, err := s.Import(ctx, "e", []storage.Checkin{start(5, "")}); err != nil {
			t.Fatal(err)
		}
		kit.MustAdd(t, s, in("e", fin(32, "")))
		if sum := kit.MustSummary(t, s, "e"); sum.LastDuration != 2*time.Minute || !sum.RunningSince.IsZero() {
			t.Errorf("Summary = %+v; want the run of minute 30 closed after 2m, none open", sum)
		}
	})
	t.Run("an older report does not close a newer run", func(t *testing.T) {
		kit.MustAdd(t, s, in("d", start(30, "")))
		if _, err := s.Import(ctx, "d", []storage.Checkin{fin(10, "")}); err != nil {
			t.Fatal(err)
		}
		if sum := kit.MustSummary(t, s, "d"); !sum.RunningSince.Equal(kit.T0.Add(30*time.Minute)) || sum.LastDuration != 0 {
			t.Errorf("Summary = %+v; want the run of minute 30 still open", sum)
		}
	})
}

// ImportRefusesInvalid is a part of storagetest.Exercise.
func ImportRefusesInvalid(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if n, err := s.Import(cancelled, "a", []storage.Checkin{kit.Report("", checkin.OK, "good", 1)}); err == nil || n != 0 {
		t.Errorf("Import with a cancelled context = %d, %v; want 0 and an error", n, err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after a cancelled import = %v; want nil: the database is fine", err)
	}
	rows := []storage.Checkin{kit.Report("", checkin.OK, "good", 1), {Status: 9, At: kit.T0}, kit.Report("", checkin.OK, "good too", 2)}
	if n, err := s.Import(ctx, "a", rows); err == nil || n != 0 || errors.Is(err, storage.ErrUnavailable) {
		t.Errorf("Import with a bad row = %d, %v; want 0 and an error naming the row", n, err)
	}
	if h := kit.MustHistory(t, s, "a", 10); len(h) != 0 {
		t.Errorf("history after a refused import = %+v; want nothing stored", h)
	}
}

// in is c for service.
func in(service string, c storage.Checkin) storage.Checkin {
	c.Service = service
	return c
}
