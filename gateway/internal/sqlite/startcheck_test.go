package sqlite

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A database that lost check-ins the gateway stored in it, or is corrupt, is refused at start
// with a message that says what is wrong and what to do; WithAcceptDataLoss starts on it with a
// warning, and the next start is a plain one again. SQLite only: the cases damage its files.
func TestStartRefusesLostCheckins(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string) // the store is closed, or copied as kill -9 leaves it
		crash  bool                            // damage a copy of the files taken while the store is open
		want   string                          // in Open's error; "" when Open works
		stays  bool                            // every start needs WithAcceptDataLoss until the file is repaired
	}{
		{"untouched", func(*testing.T, string) {}, false, "", false},
		{"emptied", func(t *testing.T, path string) { mustDo(t, os.Truncate(path, 0)) }, false,
			"the file is empty (0 bytes), but check-ins up to id 3000 were stored in it", false},
		{"removed", func(t *testing.T, path string) { mustDo(t, os.Remove(path)) }, false,
			"the file is missing, but check-ins up to id 3000 were stored in it", false},
		{"an older copy", func(t *testing.T, path string) {
			older := filepath.Join(t.TempDir(), "older.db") // a file with 1 check-in, where the gateway stored 3000
			s := openWith(t, older)
			addMany(t, s, 1)
			s.Close()
			mustDo(t, os.Rename(older, path))
		}, false, "its newest check-in is id 1, but check-ins up to id 3000 were stored in it", false},
		{"random bytes in the middle", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			mustDo(t, err)
			junk := make([]byte, 64<<10)
			r := rand.New(rand.NewPCG(3, 4))
			for i := range junk {
				junk[i] = byte(r.Uint32())
			}
			overwrite(t, path, fi.Size()/2/4096*4096, junk)
		}, false, "it is corrupt (PRAGMA quick_check: *** in database main ***", true},
		{"write-ahead log cut after kill -9", func(t *testing.T, path string) {
			fi, err := os.Stat(path + "-wal")
			mustDo(t, err)
			overwrite(t, path+"-wal", fi.Size()/2, []byte("not a frame header, a damaged one"))
		}, true, "acknowledged check-ins are missing", false},
		{"torn newest-file", func(t *testing.T, path string) {
			overwrite(t, dbfile.NewestPath(path), 40, []byte("99"))
		}, false, "", false},
		{"no newest-file (an older gateway's database)", func(t *testing.T, path string) {
			mustDo(t, os.Remove(dbfile.NewestPath(path)))
		}, false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "checkins.db")
			s := openWith(t, path)
			fill(t, s, path, 2000) // in the file
			addMany(t, s, 1000)    // in the write-ahead log
			if tt.crash {
				path = copyFiles(t, path) // as kill -9 leaves them: the log not folded in
			}
			s.Close()
			tt.damage(t, path)
			want := tt.want
			_, err := Open(context.Background(), path, WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
			if want == "" {
				if err != nil {
					t.Fatalf("Open = %v; want it to start", err)
				}
				return
			}
			if !errors.Is(err, ErrDataLoss) || !strings.Contains(err.Error(), want) ||
				!strings.Contains(err.Error(), "restore the database from a backup") || !strings.Contains(err.Error(), "--accept-data-loss") {
				t.Fatalf("Open = %v; want ErrDataLoss saying %q, restore and --accept-data-loss", err, want)
			}
			var logs logBuffer
			s2 := openWith(t, path, WithAcceptDataLoss(), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), want) {
				t.Errorf("start with WithAcceptDataLoss logged no warning saying %q:\n%s", want, logs.String())
			}
			s2.Close()
			if _, err := Open(context.Background(), path); (err != nil) != tt.stays {
				t.Errorf("the start after the one that accepted the loss = %v; want an error: %v", err, tt.stays)
			}
		})
	}
}

// addMany stores n check-ins of service "b", each in its own commit.
func addMany(t *testing.T, s *Store, n int) {
	t.Helper()
	for i := range n {
		mustDo(t, s.Add(context.Background(), storage.Checkin{Service: "b", Status: checkin.OK, At: t0.Add(time.Duration(i))}))
	}
}

// copyFiles copies the database, its write-ahead log and its newest-file into a new folder and
// returns the copy's path: what a kill -9 leaves on disk.
func copyFiles(t *testing.T, path string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), filepath.Base(path))
	for _, suffix := range []string{"", "-wal", ".newest"} {
		b, err := os.ReadFile(path + suffix)
		mustDo(t, err)
		mustDo(t, os.WriteFile(to+suffix, b, 0o600))
	}
	return to
}
