package sqlite

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/vacuum"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A new database file shrinks after a prune: it uses incremental auto-vacuum and gives back
// the free pages beyond vacuum.KeepFree. Both prunes do it: by age and by size.
func TestPrunesGivePagesBack(t *testing.T) {
	for _, tt := range []struct {
		name  string
		prune func(s *Store) (int, error)
	}{
		{"by size", func(s *Store) (int, error) {
			return s.PruneToBytes(context.Background(), "a", 1<<20, 1, time.Now())
		}},
		{"by age", func(s *Store) (int, error) {
			return s.Prune(context.Background(), time.Now().Add(-time.Hour), 1, storage.PruneOptions{})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, path := mustOpen(t)
			ctx := context.Background()
			info := strings.Repeat("x", 10_000)
			old := time.Now().Add(-48 * time.Hour)
			for i := range 3000 { // 30 MB
				if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, Info: info, At: old.Add(time.Duration(i) * time.Second)}); err != nil {
					t.Fatal(err)
				}
			}
			full := fileSize(t, path)
			if n, err := tt.prune(s); err != nil || n < 2800 {
				t.Fatalf("prune = %d, %v; want most of the 3000 deleted", n, err)
			}
			// The file shrinks under the running gateway at the next checkpoint; the damage
			// watch (dbfile/shape.go) must take that for SQLite's own doing, not damage.
			before, _ := os.Stat(path)
			if _, err := s.wdb.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			if after, _ := os.Stat(path); after.Size() >= before.Size() {
				t.Fatalf("the database file did not shrink at the checkpoint (%d, then %d bytes)", before.Size(), after.Size())
			}
			if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, Info: "after", At: time.Now()}); err != nil {
				t.Fatalf("a check-in after the file shrank = %v; want it stored", err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// What is left: at most 1 MiB of check-ins and the free pages kept for later ones.
			if got, limit := fileSize(t, path), int64(1<<20+vacuum.KeepFree*4096+1<<20); got > limit {
				t.Errorf("file after the prune = %d bytes (%d before); want at most %d", got, full, limit)
			} else {
				t.Logf("file %d bytes before the prune, %d after", full, got)
			}
		})
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}
