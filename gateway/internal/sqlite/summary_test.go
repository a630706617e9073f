package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/migrate"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// What Summary answers from memory is what the database holds: after a reopen, which reads the
// summaries back, every service's summary is unchanged.
func TestSummaryPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkins.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	adds := []storage.Checkin{
		{Service: "plain", Status: checkin.OK, Info: "ok", At: at(0)},
		{Service: "plain", Status: checkin.Critical, Info: "bad", At: at(1)},
		{Service: "run", Kind: checkin.KindStart, RunID: "r1", At: at(0)},
		{Service: "run", Status: checkin.Warning, RunID: "r1", Info: "slow", At: at(7)},
		{Service: "open", Kind: checkin.KindStart, RunID: "a", At: at(2)},
		{Service: "open", Kind: checkin.KindStart, At: at(3)},
		{Service: "logs", Kind: checkin.KindLog, Info: "just a log", At: at(4)},
	}
	for _, c := range adds {
		if err := s.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Import(ctx, "plain", []storage.Checkin{{Status: checkin.OK, Info: "older ok", At: at(-5)}}); err != nil {
		t.Fatal(err)
	}
	names := []string{"plain", "run", "open", "logs", "never"}
	before := map[string]storage.Summary{}
	for _, name := range names {
		before[name], _ = s.Summary(ctx, name)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range names {
		after, _ := s.Summary(ctx, name)
		if after != before[name] {
			t.Errorf("%s: after reopen %+v; before %+v", name, after, before[name])
		}
	}
	if b := before["open"]; b.RunID != "" || !b.RunningSince.Equal(at(3)) {
		t.Errorf("open: %+v; want the run of minute 3 (no run id) as newest open run", b)
	}
	if b := before["run"]; b.LastDuration != 7*time.Minute || b.Latest.Info != "slow" || b.LatestOK.At.IsZero() == false {
		t.Errorf("run: %+v; want the 7-minute run and no OK", b)
	}
}

// A database from before runs and summaries gets both, filled from its history, when opened.
func TestMigrationFillsSummaries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkins.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		mustMigration(t, "migrations/0001_checkins.sql"),
		mustMigration(t, "migrations/0002_drop_status_index.sql"),
		`INSERT INTO schema_migrations VALUES (1, 'then'), (2, 'then')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	for i, status := range []string{"OK", "OK", "CRITICAL", "CRITICAL"} {
		if _, err := db.Exec(`INSERT INTO checkins (service, status, info, received_at) VALUES ('a', ?, ?, ?)`,
			status, fmt.Sprint(i), t0.Add(time.Duration(i)*time.Minute).UnixNano()); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sum, _ := s.Summary(context.Background(), "a")
	if sum.Latest.Info != "3" || sum.LatestOK.Info != "1" || sum.Latest.Kind != checkin.KindReport {
		t.Errorf("storage.Summary after the migration = %+v; want the CRITICAL 3 and the OK 1, as reports", sum)
	}
}

func mustMigration(t *testing.T, name string) string {
	t.Helper()
	b, err := migrate.Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
