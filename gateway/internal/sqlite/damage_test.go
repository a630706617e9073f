package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/startcheck"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The database file damaged under a running store (SQLite only: it writes to the file
// itself): a shrink or an overwritten header is seen by the very next commit, which then fails
// instead of being acknowledged; random bytes in the middle are seen by the first read that
// hits them. From then on Add and Ping fail, Damaged says so and the log has one line.
func TestDamageNoticed(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, s *Store, path string)
		reason string
	}{
		{"truncated to 0", func(t *testing.T, _ *Store, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"cut short", func(t *testing.T, _ *Store, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "shrank"},
		{"header overwritten", func(t *testing.T, _ *Store, path string) {
			overwrite(t, path, 16, []byte{0x02, 0x00}) // page size 512
		}, "header overwritten"},
		{"random bytes in the middle", func(t *testing.T, s *Store, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			junk := make([]byte, 64<<10)
			r := rand.New(rand.NewPCG(1, 2)) // the same bytes every run
			for i := range junk {
				junk[i] = byte(r.Uint32())
			}
			overwrite(t, path, fi.Size()/2/4096*4096, junk)
			if err := s.Add(context.Background(), storage.Checkin{Service: "a", Status: checkin.OK, At: t0}); err != nil {
				t.Fatalf("Add after damage no read has met yet = %v; want nil (the damage is not seen yet)", err)
			}
			// Page through the whole history: a read reaches the damaged pages.
			var before int64
			for {
				page, err := s.HistoryPage(context.Background(), "a", 500, before)
				if err != nil {
					if !startcheck.Corrupt(err) {
						t.Fatalf("HistoryPage = %v; want SQLite's corruption error", err)
					}
					return
				}
				if len(page) == 0 {
					t.Fatal("read the whole history without meeting the damage")
				}
				before = page[len(page)-1].ID
			}
		}, "sqlite: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "checkins.db")
			var logs logBuffer
			s := openWith(t, path, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithWatchEvery(time.Hour))
			fill(t, s, path, 5000)
			if s.Damaged() {
				t.Fatal("Damaged before any damage")
			}
			tt.damage(t, s, path)
			err := s.Add(context.Background(), storage.Checkin{Service: "a", Status: checkin.OK, At: t0})
			if !errors.Is(err, storage.ErrUnavailable) {
				t.Errorf("Add after the damage = %v; want storage.ErrUnavailable", err)
			}
			if err := s.Ping(context.Background()); err == nil {
				t.Errorf("Ping after the damage = nil; want an error")
			}
			if !s.Damaged() {
				t.Errorf("Damaged = false after the damage")
			}
			out := logs.String()
			if n := strings.Count(out, `msg="database file damaged`); n != 1 || !strings.Contains(out, tt.reason) {
				t.Errorf("log has %d lines on the damage (want 1, with %q):\n%s", n, tt.reason, out)
			}
		})
	}
}

// fill stores n check-ins of service "a" with some info, then copies the write-ahead log into
// the database file, so that the file holds them, and lets the watch see its size.
func fill(t *testing.T, s *Store, path string, n int) {
	t.Helper()
	ctx := context.Background()
	info := strings.Repeat("x", 400)
	rows := make([]storage.Checkin, n)
	for i := range rows {
		rows[i] = storage.Checkin{Status: checkin.OK, Info: fmt.Sprint(i, info), At: t0.Add(time.Duration(i) * time.Second)}
	}
	if _, err := s.Import(ctx, "a", rows); err != nil {
		t.Fatal(err)
	}
	if _, err := s.wdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if err := s.watch.Check(); err != nil { // as the watch does every second: it sees the size
		t.Fatal(err)
	}
}

// overwrite writes b into the file at off, as something other than SQLite would.
func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // the test's own descriptor: closing it drops this process's POSIX locks, harmless here
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// Open allocates the first 512 KiB of the -shm file SQLite maps, so that SQLite's writes into
// it never need a block of a file system that filled up since (SIGBUS; see
// TestStartOnFullFileSystem). SQLite only: it looks at the -shm file.
func TestOpenReservesSharedMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkins.db")
	openWith(t, path)
	var st syscall.Stat_t
	if err := syscall.Stat(path+"-shm", &st); err != nil {
		t.Fatal(err)
	}
	if got := st.Blocks * 512; got < dbfile.ShmSpace {
		t.Errorf("-shm has %d bytes allocated; want at least %d", got, dbfile.ShmSpace)
	}
}
