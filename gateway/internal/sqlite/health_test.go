package sqlite

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// logBuffer collects a store's log lines; safe for the store's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func openWith(t *testing.T, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// While every reader's connection is taken by long reads, check-ins, imports, Ping and
// Summary go on; further reads wait their turn.
func TestReadsNeverStallWrites(t *testing.T) {
	s := openWith(t, filepath.Join(t.TempDir(), "checkins.db"), WithReaders(2))
	ctx := context.Background()
	if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, At: t0}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // two long reads, each inside a read transaction
		conn, err := s.rdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM checkins`).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	deadline, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for i := range 20 {
		if err := s.Add(deadline, storage.Checkin{Service: "a", Status: checkin.Critical, At: t0.Add(time.Duration(i+1) * time.Second)}); err != nil {
			t.Fatalf("Add while reads hold every reader: %v", err)
		}
	}
	if _, err := s.Import(deadline, "b", []storage.Checkin{{Status: checkin.OK, At: t0}}); err != nil {
		t.Fatalf("Import while reads hold every reader: %v", err)
	}
	if err := s.Ping(deadline); err != nil {
		t.Fatalf("Ping while reads hold every reader: %v", err)
	}
	if sum, err := s.Summary(deadline, "a"); err != nil || !sum.Latest.At.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("storage.Summary while reads hold every reader = %+v, %v", sum, err)
	}
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	if _, err := storagetest.History(short, s, "a", 10); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("History beyond the readers' limit = %v; want it to wait (deadline exceeded)", err)
	}
}

// A second gateway on the same database refuses to start, naming the file; once the first
// closes, the database opens again.
func TestSecondOpenRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkins.db")
	first, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another checkin-gateway") {
		t.Errorf("second Open = %v; want an error naming %s and another checkin-gateway", err, path)
	}
	first.Close()
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open after the first closed = %v", err)
	}
	again.Close()
}

// Removing or replacing the database file under a running store is noticed: the next
// check-in is refused, Ping fails with nothing but "database unavailable", and one error line
// says what happened. A restart (a new Open) recovers.
func TestDatabaseFileReplaced(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
		write  bool // a check-in arrives before the watcher looks
		reason string
	}{
		{"removed, then a check-in", func(t *testing.T, path string) { mustDo(t, os.Remove(path)) }, true, "removed"},
		{"removed, no check-in", func(t *testing.T, path string) { mustDo(t, os.Remove(path)) }, false, "removed"},
		{"replaced by mv, then a check-in", replaceFile, true, "replaced"},
		{"replaced by mv, no check-in", replaceFile, false, "replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "checkins.db")
			var logs logBuffer
			every := time.Hour // the watcher stays out of the way: writes must check themselves
			if !tt.write {
				every = 10 * time.Millisecond
			}
			s := openWith(t, path, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithWatchEvery(every))
			ctx := context.Background()
			c := storage.Checkin{Service: "a", Status: checkin.OK, At: t0}
			mustDo(t, s.Add(ctx, c))
			tt.change(t, path)
			if tt.write {
				if err := s.Add(ctx, c); !errors.Is(err, storage.ErrUnavailable) {
					t.Fatalf("Add after the file was %s = %v; want storage.ErrUnavailable", tt.reason, err)
				}
			} else {
				time.Sleep(100 * time.Millisecond)
			}
			for range 3 {
				err := s.Ping(ctx)
				if err == nil || err.Error() != "database unavailable" || !errors.Is(err, storage.ErrUnavailable) {
					t.Fatalf("Ping = %v; want exactly \"database unavailable\"", err)
				}
			}
			if err := s.Add(ctx, c); !errors.Is(err, storage.ErrUnavailable) {
				t.Errorf("Add later = %v; want storage.ErrUnavailable until restart", err)
			}
			if _, err := s.Import(ctx, "a", []storage.Checkin{c}); !errors.Is(err, storage.ErrUnavailable) {
				t.Errorf("Import later = %v; want storage.ErrUnavailable", err)
			}
			text := logs.String()
			if n := strings.Count(text, "database file removed or replaced"); n != 1 || !strings.Contains(text, tt.reason) || !strings.Contains(text, path) {
				t.Errorf("log has %d lines about the file; want one naming %s and %q:\n%s", n, path, tt.reason, text)
			}
			s.Close()
			s = openWith(t, path)
			mustDo(t, s.Add(ctx, c))
			mustDo(t, s.Ping(ctx))
		})
	}
}

// replaceFile puts another database at path, as a restore with mv does.
func replaceFile(t *testing.T, path string) {
	other := filepath.Join(filepath.Dir(path), "restored.db")
	mustDo(t, os.WriteFile(other, nil, 0o600))
	mustDo(t, os.Rename(other, path))
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Ping writes when no write succeeded for a while, and only then: probes are rate-limited.
func TestPingProbesAtMostEveryInterval(t *testing.T) {
	tests := []struct {
		every time.Duration
		grows bool
	}{
		{time.Hour, false},
		{0, true},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "checkins.db")
		s := openWith(t, path, WithProbeEvery(tt.every))
		before := walSize(t, path)
		for range 10 {
			mustDo(t, s.Ping(context.Background()))
		}
		if grew := walSize(t, path) > before; grew != tt.grows {
			t.Errorf("probe every %v: 10 Pings grew the log: %v; want %v", tt.every, grew, tt.grows)
		}
	}
}

func walSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path + "-wal")
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	mustDo(t, err)
	return fi.Size()
}

// A disk that fills while no check-in arrives makes Ping fail (with a safe message, the details
// in the log); freed, Ping recovers without a restart.
func TestPingNoticesFullDisk(t *testing.T) {
	dir := testfs.Tmpfs(t, "4m")
	path := filepath.Join(dir, "checkins.db")
	var logs logBuffer
	s := openWith(t, path, WithProbeEvery(0), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	ctx := context.Background()
	mustDo(t, s.Ping(ctx))
	testfs.Fill(t, filepath.Join(dir, "filler"))
	var err error
	for range 10 { // a probe may still fit in the last block of the log
		if err = s.Ping(ctx); err != nil {
			break
		}
	}
	if err == nil || err.Error() != "database unavailable" {
		t.Fatalf("Ping on a full disk = %v; want \"database unavailable\"", err)
	}
	if text := logs.String(); !strings.Contains(text, "database unavailable") || !strings.Contains(text, "full") {
		t.Errorf("log = %s; want the reason (disk full)", text)
	}
	mustDo(t, os.Remove(filepath.Join(dir, "filler")))
	mustDo(t, s.Ping(ctx))
	mustDo(t, s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, At: t0}))
}

// Imports (and so storagetest.Seed) keep the page cache Open sets.
func TestImportKeepsPageCache(t *testing.T) {
	s, _ := mustOpen(t)
	rows := make([]storage.Checkin, 1000)
	for i := range rows {
		rows[i] = storage.Checkin{Status: checkin.OK, At: t0.Add(time.Duration(i) * time.Second)}
	}
	if _, err := s.Import(context.Background(), "a", rows); err != nil {
		t.Fatal(err)
	}
	var size int
	mustDo(t, s.wdb.QueryRow(`PRAGMA cache_size`).Scan(&size))
	if size != -512 {
		t.Errorf("writer's cache_size after an import = %d; want -512", size)
	}
}
