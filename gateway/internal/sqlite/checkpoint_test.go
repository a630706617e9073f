package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/checkpoint"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A crash at any moment leaves the summaries exactly as if every batch had stored them: a
// store that never reaches a checkpoint is copied file by file after each step (what a kill -9
// leaves on disk), and the copy, opened, must hold the summaries of a store that wrote them in
// every batch, and of the running store itself.
func TestCheckpointSurvivesCrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lazy := openWith(t, filepath.Join(dir, "lazy", "checkins.db"), withCheckpointEvery(time.Hour))
	eager := openWith(t, filepath.Join(dir, "eager", "checkins.db"), withCheckpointEvery(0))
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	steps := []struct {
		name string
		do   func(s *Store) error
		// concurrent steps give the two stores' check-ins different ids
		concurrent bool
	}{
		{"reports", adds(
			storage.Checkin{Service: "a", Status: checkin.OK, Info: "fine", At: at(0)},
			storage.Checkin{Service: "b", Status: checkin.Critical, Info: "down", At: at(0)},
			storage.Checkin{Service: "a", Status: checkin.Warning, Info: "slow", At: at(1)}), false},
		{"a run that finishes", adds(
			storage.Checkin{Service: "run", Kind: checkin.KindStart, RunID: "r1", At: at(2)},
			storage.Checkin{Service: "run", Status: checkin.OK, RunID: "r1", Info: "done", At: at(9)}), false},
		{"an open run and a log entry", adds(
			storage.Checkin{Service: "run", Kind: checkin.KindStart, At: at(10)},
			storage.Checkin{Service: "b", Kind: checkin.KindLog, Info: "just a log", At: at(11)}), false},
		{"an import of older rows", func(s *Store) error {
			_, err := s.Import(ctx, "a", []storage.Checkin{{Status: checkin.OK, Info: "older", At: at(-30)},
				{Status: checkin.Critical, Info: "older still", At: at(-40)}})
			return err
		}, false},
		{"a prune of the imported rows", func(s *Store) error {
			n, err := s.Prune(ctx, at(-20), 1, storage.PruneOptions{})
			if err == nil && n != 2 {
				err = fmt.Errorf("pruned %d rows; want the 2 imported ones", n)
			}
			return err
		}, false},
		{"reports after the import", adds(
			storage.Checkin{Service: "a", Status: checkin.Critical, Info: "broken", At: at(12)},
			storage.Checkin{Service: "new", Status: checkin.Unknown, Info: "first", At: at(12)},
			storage.Checkin{Service: "b", Status: checkin.OK, Info: "back", At: at(13)}), false},
		{"a concurrent batch", func(s *Store) error {
			errs := make(chan error, 20)
			for i := range 20 {
				go func() {
					errs <- s.Add(ctx, storage.Checkin{Service: fmt.Sprintf("svc-%d", i%7), Status: checkin.Status(i % 4),
						Info: fmt.Sprint(i), At: at(20 + i%3)})
				}()
			}
			for range 20 {
				if err := <-errs; err != nil {
					return err
				}
			}
			return nil
		}, true},
	}
	for i, step := range steps {
		for _, s := range []*Store{lazy, eager} {
			if err := step.do(s); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
		}
		want := summariesOf(t, lazy)
		if diff := cmp.Diff(summariesOf(t, eager), want); diff != "" && !step.concurrent {
			t.Fatalf("after %s, the running stores differ (-every batch +checkpointing):\n%s", step.name, diff)
		}
		crashed := crashCopy(t, lazy, filepath.Join(dir, fmt.Sprint("crash-", i)))
		if diff := cmp.Diff(want, summariesOf(t, crashed)); diff != "" {
			t.Errorf("after %s and a crash, summaries differ (-before +after the crash):\n%s", step.name, diff)
		}
		if i < 3 && crashed.ckpt.Newest == crashed.ckpt.Mark {
			t.Errorf("after %s: the crashed store found no check-ins after the checkpoint; the test tests nothing", step.name)
		}
		if err := crashed.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Close stores the summaries, so the next start has nothing to read again.
func TestCloseStoresCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkins.db")
	s := openWith(t, path, withCheckpointEvery(time.Hour))
	for i := range 5 {
		if err := s.Add(ctx, storage.Checkin{Service: fmt.Sprint("s", i), Status: checkin.OK, At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	want := summariesOf(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openWith(t, path)
	if s.ckpt.Mark != s.ckpt.Newest || s.ckpt.Mark == 0 {
		t.Errorf("after Close, mark %d, newest %d; want equal and not 0", s.ckpt.Mark, s.ckpt.Newest)
	}
	if diff := cmp.Diff(want, summariesOf(t, s)); diff != "" {
		t.Errorf("after reopen (-before +after):\n%s", diff)
	}
}

// The writer stores the summaries once checkpointEvery has passed, not in every batch.
func TestCheckpointEvery(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		every     time.Duration
		wantMarks int // how many of 4 writes leave the table covering every check-in
	}{
		{"every batch", 0, 4},
		{"once an hour", time.Hour, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openWith(t, filepath.Join(t.TempDir(), "checkins.db"), withCheckpointEvery(tt.every))
			marks := 0
			for i := range 4 {
				if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, At: t0.Add(time.Duration(i))}); err != nil {
					t.Fatal(err)
				}
				var mark int64
				if err := s.rdb.QueryRow(checkpoint.MarkQuery).Scan(&mark); err != nil {
					t.Fatal(err)
				}
				if mark == s.ckpt.Newest {
					marks++
				}
			}
			if marks != tt.wantMarks {
				t.Errorf("the table covered every check-in after %d of 4 writes; want %d", marks, tt.wantMarks)
			}
		})
	}
}

func adds(cs ...storage.Checkin) func(*Store) error {
	return func(s *Store) error {
		for _, c := range cs {
			if err := s.Add(context.Background(), c); err != nil {
				return err
			}
		}
		return nil
	}
}

// summariesOf is the summary the store holds in memory of every service with check-ins.
func summariesOf(t *testing.T, s *Store) map[string]storage.Tracked {
	t.Helper()
	rows, err := s.rdb.Query(`SELECT DISTINCT service FROM checkins`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]storage.Tracked{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out[name], _ = s.summaries.Get(name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// crashCopy copies the database and its write-ahead log as a kill -9 would leave them (no
// write under way: it holds the write lock) and opens the copy.
func crashCopy(t *testing.T, s *Store, dir string) *Store {
	t.Helper()
	s.writeMu.Lock()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(s.path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "checkins.db"+suffix), b, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	s.writeMu.Unlock()
	c, err := Open(context.Background(), filepath.Join(dir, "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
