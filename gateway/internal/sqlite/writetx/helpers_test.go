package writetx_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/summaries"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// env is a database file as the store leaves it, with the writer's connection, its prepared
// insert and the summaries a write starts from.
type env struct {
	path   string
	db     *sql.DB
	insert *sql.Stmt
	sums   *summaries.Cache
}

// writerDSN repeats what sqlite/conn.Open asks of the writer's connection; the schema
// comes from the store's own migrations.
func writerDSN(path string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}

// mustEnv creates a database in a temp dir with sqlite.Open (which runs the migrations), closes
// the store, and opens the file again as the store's writer does: one connection, the store's
// driver, the insert prepared once.
func mustEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkins.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("sqlite.Open(%s): %v", path, err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("store.Close: %v", err)
	}
	db, err := sql.Open("sqlite3_checkin", writerDSN(path)) // registered by package sqlite
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	insert, err := writetx.PrepareInsert(ctx, db)
	if err != nil {
		t.Fatalf("PrepareInsert: %v", err)
	}
	t.Cleanup(func() { insert.Close() })
	sums, err := summaries.Load(ctx, db)
	if err != nil {
		t.Fatalf("summaries.Load: %v", err)
	}
	return &env{path: path, db: db, insert: insert, sums: sums}
}

// run is writetx.Run on e; after a good commit it publishes the changed summaries, as the
// store does.
func (e *env) run(ctx context.Context, ckpt *writetx.Checkpoint, fn func(*writetx.Tx) error) (*writetx.Tx, error) {
	w, err := writetx.Run(ctx, e.db, e.insert, e.sums, ckpt, fn)
	if err == nil {
		e.sums.Set(w.Changed())
	}
	return w, err
}

// mustApply applies cs in one transaction without a checkpoint and fails the test on error.
func (e *env) mustApply(t *testing.T, cs ...*storage.Checkin) *writetx.Tx {
	t.Helper()
	w, err := e.run(context.Background(), nil, applyAll(cs...))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return w
}

func applyAll(cs ...*storage.Checkin) func(*writetx.Tx) error {
	return func(w *writetx.Tx) error {
		for _, c := range cs {
			if err := w.Apply(context.Background(), c); err != nil {
				return err
			}
		}
		return nil
	}
}

// count runs a SELECT count(*)-like query and returns its number.
func (e *env) count(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// column runs a query of one column and returns its rows.
func column[T any](t *testing.T, e *env, query string, args ...any) []T {
	t.Helper()
	rows, err := e.db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var s T
		if err := rows.Scan(&s); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// openRuns lists a service's open runs as "run id@minute", oldest first.
func (e *env) openRuns(t *testing.T, service string) []string {
	t.Helper()
	return column[string](t, e, `SELECT run_id || '@' || ((started_at - ?) / 60000000000) FROM open_runs
		WHERE service = ? ORDER BY started_at, start_id`, t0.UnixNano(), service)
}

// report, start and logEntry build check-ins of service at a minute after t0.
func report(service string, status checkin.Status, runID string, min int) *storage.Checkin {
	return &storage.Checkin{Service: service, Status: status, Info: fmt.Sprintf("report %d", min),
		RunID: runID, At: at(min)}
}

func start(service, runID string, min int) *storage.Checkin {
	return &storage.Checkin{Service: service, Kind: checkin.KindStart, RunID: runID, At: at(min)}
}

func logEntry(service string, min int) *storage.Checkin {
	return &storage.Checkin{Service: service, Kind: checkin.KindLog, Info: fmt.Sprintf("log %d", min), At: at(min)}
}
