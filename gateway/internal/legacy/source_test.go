package legacy

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
)

// fileState is what must not change about the source file: its bytes and its mtime.
type fileState struct {
	sum   [sha256.Size]byte
	mtime time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{sha256.Sum256(data), fi.ModTime()}
}

// The source is only read, even while the older gateway has it open and is writing to it.
func TestOpenReadOnlyWhileOlderGatewayHoldsIt(t *testing.T) {
	path := legacytest.Create(t, legacytest.FullSchema, [][]any{{"backup", "tok", 86400, "ops", nil, nil, 1}}, [][]any{
		{"backup", int64(1700000000), "OK", "committed"},
	})
	// Pretend the file is old, so that any write would show in the mtime.
	old := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)

	// The older gateway: one idle connection, and one in the middle of a write transaction.
	ctx := context.Background()
	holder, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(2)
	if err := holder.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	writer, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.ExecContext(ctx, `INSERT INTO states VALUES ('backup', 1700000100, 'CRITICAL', 'uncommitted')`); err != nil {
		t.Fatal(err)
	}

	src := mustOpenSource(t, path)
	res, err := Import(ctx, src, nil, Options{DryRun: true})
	if err != nil {
		t.Fatalf("Import(dry run) while the file is held: %v", err)
	}
	if len(res.Services) != 1 || res.Services[0].Mapped != 1 {
		t.Errorf("Import(dry run) = %+v; want the one committed row", res.Services)
	}
	svcs, err := src.Services(ctx)
	if err != nil || len(svcs) != 1 || svcs[0].Owner != "ops" || !svcs[0].Static {
		t.Errorf("Services = %+v, %v; want backup owned by ops, static", svcs, err)
	}
	// A write through our connection is refused by SQLite itself.
	if _, err := src.db.ExecContext(ctx, `DELETE FROM states`); err == nil {
		t.Error("DELETE through the source connection succeeded; want it refused")
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if after := stateOf(t, path); after != before {
		t.Errorf("source file changed while read: before %+v, after %+v", before, after)
	}
	if _, err := writer.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
}

// A source the older gateway ran in WAL mode is read as well, its file left as it was.
func TestOpenReadOnlyWALFile(t *testing.T) {
	path := legacytest.Create(t, legacytest.OldSchema, nil, [][]any{{"backup", int64(1700000000), "OK", "x"}})
	ctx := context.Background()
	holder, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1) // the pragmas below hold for one connection
	if _, err := holder.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		t.Fatal(err)
	}
	// Committed to the log, not yet to the file: only a reader that honours the log sees it.
	if _, err := holder.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, `INSERT INTO states VALUES ('backup', 1700000060, 'ok', 'in the log')`); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	src := mustOpenSource(t, path)
	rows, _, err := src.States(ctx, "backup")
	if err != nil || len(rows) != 2 || rows[1].Info != "in the log" {
		t.Errorf("States = %+v, %v; want both rows, the second from the log", rows, err)
	}
	src.Close()
	if after := stateOf(t, path); after != before {
		t.Errorf("source file changed while read: before %+v, after %+v", before, after)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	notLegacy := filepath.Join(dir, "checkins.db")
	db, err := sql.Open("sqlite3", "file:"+notLegacy)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE checkins (id INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	notSQLite := filepath.Join(dir, "services.json")
	if err := os.WriteFile(notSQLite, []byte(`{"a": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, wantErr string }{
		{filepath.Join(dir, "missing.sqlite"), "no such file"},
		{dir, "is a folder"},
		{notLegacy, "no states table"},
		{notSQLite, "not a database"},
	}
	for _, tt := range tests {
		src, err := Open(context.Background(), tt.path)
		if err == nil {
			src.Close()
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Open(%s) = %v; want an error with %q", tt.path, err, tt.wantErr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.sqlite")); !os.IsNotExist(err) {
		t.Errorf("Open created the missing file: %v", err)
	}
}

func TestNotes(t *testing.T) {
	src := mustOpenSource(t, legacytest.Create(t, legacytest.FullSchema, nil, nil))
	notes, err := src.Notes(context.Background())
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "table smart ignored") {
		t.Errorf("Notes = %q, %v; want one note on the smart table", notes, err)
	}
	src = mustOpenSource(t, legacytest.Create(t, legacytest.OldSchema, nil, nil))
	if notes, err := src.Notes(context.Background()); err != nil || len(notes) != 0 {
		t.Errorf("Notes(old schema) = %q, %v; want none", notes, err)
	}
}
