package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/migrate"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// mustOpen opens a store on a fresh database file in a temp dir and closes it with the test.
func mustOpen(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "checkins.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkins.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, Info: "kept", At: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, At: t0}); err != storage.ErrClosed {
		t.Errorf("Add after Close = %v; want storage.ErrClosed", err)
	}
	s, err = Open(ctx, path) // migrations run again and must be a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	latest, _, err := storagetest.Latest(ctx, s, "a")
	if err != nil || latest.Info != "kept" {
		t.Errorf("after reopen Latest = %+v, %v; want 'kept'", latest, err)
	}
	var versions int
	files, _ := fs.Glob(migrate.Files, "migrations/*.sql")
	if err := s.rdb.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil || versions != len(files) {
		t.Errorf("schema_migrations has %d rows (%v); want one per migration, %d", versions, err, len(files))
	}
}

func TestConcurrentAddsAllKept(t *testing.T) {
	s, path := mustOpen(t)
	ctx := context.Background()
	const workers, each = 16, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				c := storage.Checkin{Service: fmt.Sprintf("svc%d", w), Status: checkin.OK, Info: fmt.Sprint(i), At: t0}
				if err := s.Add(ctx, c); err != nil {
					t.Errorf("Add: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// A second connection, as another process would see the file.
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM checkins`).Scan(&n); err != nil || n != workers*each {
		t.Errorf("stored %d check-ins (%v); want %d", n, err, workers*each)
	}
	// Each worker's check-ins are in the order it sent them.
	for w := range workers {
		hist, err := storagetest.History(ctx, s, fmt.Sprintf("svc%d", w), each)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range hist {
			if h.Info != fmt.Sprint(each-1-i) {
				t.Fatalf("svc%d history[%d] = %q; want %d", w, i, h.Info, each-1-i)
			}
		}
	}
}

// A read-only database refuses to open with an error that says so; once writable, it opens.
func TestOpenReadOnly(t *testing.T) {
	dir := testfs.Tmpfs(t, "4m")
	path := filepath.Join(dir, "checkins.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	testfs.Remount(t, dir, "ro")
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "read-only file system") {
		t.Errorf("Open on a read-only file system = %v; want an error saying so", err)
	}
	testfs.Remount(t, dir, "rw")
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open once writable again = %v", err)
	}
	s.Close()
}

func TestSize(t *testing.T) {
	s, _ := mustOpen(t)
	before, err := s.Size()
	if err != nil || before <= 0 {
		t.Fatalf("Size() = %d, %v; want > 0", before, err)
	}
	for i := range 50 {
		if err := s.Add(context.Background(), storage.Checkin{Service: "backup", Status: checkin.OK, Info: fmt.Sprintf("%0500d", i), At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.Size()
	if err != nil || after < before+50*500 {
		t.Errorf("Size() after 25 kB of check-ins = %d, %v; want at least %d", after, err, before+50*500)
	}
}

// Reads run at most half the CPUs at once (at least one), so that clients reading long
// histories leave the check-ins CPU; WithReaders overrides it.
func TestReadersDefaultToHalfTheCPUs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	tests := []struct{ cpus, opt, want int }{
		{1, 0, 1},
		{2, 0, 1},
		{4, 0, 2},
		{8, 0, 4},
		{2, 3, 3},
	}
	for _, tt := range tests {
		runtime.GOMAXPROCS(tt.cpus)
		var opts []Option
		if tt.opt > 0 {
			opts = append(opts, WithReaders(tt.opt))
		}
		s := openWith(t, filepath.Join(t.TempDir(), "checkins.db"), opts...)
		if got := s.rdb.Stats().MaxOpenConnections; got != tt.want {
			t.Errorf("%d CPUs, WithReaders(%d): %d reads at once; want %d", tt.cpus, tt.opt, got, tt.want)
		}
		s.Close()
	}
}
