package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// migrateStore runs `checkin-gateway migrate-store` and returns its output and error.
func migrateStore(t *testing.T, from, to, cfg string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"migrate-store", "--from", from, "--to", to, "--config", cfg},
		func(string) string { return "" }, &out, &errOut)
	return out.String() + errOut.String(), err
}

// addToSQLite adds check-ins to the SQLite file at path.
func addToSQLite(t *testing.T, path string, cs ...storage.Checkin) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range cs {
		if err := s.Add(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
}

// fingerprint lists a history as comparable lines, oldest last.
func fingerprint(t *testing.T, s interface {
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error)
}, service string) []string {
	t.Helper()
	h, err := storagetest.History(context.Background(), s, service, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(h))
	for i, c := range h {
		out[i] = fmt.Sprintf("%v %v %q %s %q %v", c.Kind, c.Status, c.Info, c.At.Format(time.RFC3339Nano), c.RunID, c.Duration)
	}
	return out
}

func TestMigrateStore(t *testing.T) {
	dir := t.TempDir()
	cfg, from := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	writeFile(t, cfg, `{"backup": {"token": "t1", "timeout": "1d"}, "sync": {"token": "t2", "timeout": "1h"}, "quiet": {"token": "t3", "timeout": "1h"}}`)
	t0 := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	addToSQLite(t, from,
		storage.Checkin{Service: "backup", Kind: checkin.KindStart, RunID: "r1", At: at(0)},
		storage.Checkin{Service: "backup", Status: checkin.OK, Info: "done", RunID: "r1", At: at(7)},
		storage.Checkin{Service: "backup", Kind: checkin.KindLog, Info: "note", At: at(8)},
		storage.Checkin{Service: "sync", Status: checkin.Critical, Info: "down", At: at(1)},
		storage.Checkin{Service: "sync", Status: checkin.Warning, Info: "slow", At: at(2)},
	)
	to := pgtest.Start(t)

	out, err := migrateStore(t, from, to, cfg)
	if err != nil {
		t.Fatalf("migrate-store: %v\n%s", err, out)
	}
	for _, want := range []string{"backup: 3 copied", "sync: 2 copied", "quiet: in services.json, no check-ins", "5 check-ins of 2 services"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, pgtest.Password) {
		t.Errorf("output shows the password:\n%s", out)
	}
	src, err := sqlite.Open(context.Background(), from)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := postgres.Open(context.Background(), to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, name := range []string{"backup", "sync"} {
		if a, b := fingerprint(t, src, name), fingerprint(t, dst, name); strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s copied as\n%s\nwant\n%s", name, strings.Join(b, "\n"), strings.Join(a, "\n"))
		}
	}
	sum, _ := dst.Summary(context.Background(), "backup")
	if sum.Latest.Info != "done" || sum.LastDuration != 7*time.Minute {
		t.Errorf("backup's summary after the copy = %+v; want newest done, last run 7m", sum)
	}
	src.Close()

	t.Run("again copies nothing", func(t *testing.T) {
		out, err := migrateStore(t, from, to, cfg)
		if err != nil || !strings.Contains(out, "0 check-ins of 2 services") {
			t.Errorf("second migrate-store = %v\n%s; want 0 copied", err, out)
		}
	})
	t.Run("copies what is new", func(t *testing.T) {
		addToSQLite(t, from, storage.Checkin{Service: "sync", Status: checkin.OK, Info: "fine", At: at(3)})
		out, err := migrateStore(t, from, to, cfg)
		if err != nil || !strings.Contains(out, "sync: 1 copied") || !strings.Contains(out, "1 check-in of 2 services") {
			t.Errorf("migrate-store after one more check-in = %v\n%s; want 1 copied", err, out)
		}
	})
	t.Run("refuses when the target is newer", func(t *testing.T) {
		if err := dst.Add(context.Background(), storage.Checkin{Service: "backup", Status: checkin.OK, Info: "from a gateway", At: at(60)}); err != nil {
			t.Fatal(err)
		}
		addToSQLite(t, from, storage.Checkin{Service: "sync", Status: checkin.OK, Info: "later", At: at(4)})
		out, err := migrateStore(t, from, to, cfg)
		if err == nil || !strings.Contains(err.Error(), "backup: the target's newest check-in") || !strings.Contains(err.Error(), "nothing copied") {
			t.Errorf("migrate-store with a newer target = %v\n%s; want a refusal naming backup", err, out)
		}
		if h := fingerprint(t, dst, "sync"); strings.Contains(h[0], "later") {
			t.Error("refused, yet sync's new check-in was copied")
		}
	})
	t.Run("refuses a SQLite target", func(t *testing.T) {
		if _, err := migrateStore(t, from, filepath.Join(dir, "other.db"), cfg); err == nil || !strings.Contains(err.Error(), "want a postgres://") {
			t.Errorf("migrate-store --to a file = %v; want a refusal", err)
		}
	})
}
