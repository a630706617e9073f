package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// migrate-store copies every service the source holds, also those services.json no longer (or
// not yet) names, and says so; a source without check-ins is refused, never "0 copied".
func TestMigrateStoreCopiesEveryService(t *testing.T) {
	dir := t.TempDir()
	cfg, from := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	writeFile(t, cfg, `{"renamed": {"token": "t1", "timeout": "1d"}}`)
	at := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	addToSQLite(t, from,
		storage.Checkin{Service: "old-a", Status: checkin.OK, Info: "a", At: at},
		storage.Checkin{Service: "old-b", Status: checkin.Critical, Info: "b", At: at},
		storage.Checkin{Service: "old-b", Status: checkin.OK, Info: "b2", At: at.Add(time.Minute)},
		storage.Checkin{Service: "old-c", Kind: checkin.KindLog, Info: "c", At: at},
	)
	to := pgtest.Start(t)
	out, err := migrateStore(t, from, to, cfg)
	if err != nil {
		t.Fatalf("migrate-store: %v\n%s", err, out)
	}
	for _, want := range []string{"old-a: 1 copied (not in services.json", "old-b: 2 copied (not in services.json",
		"old-c: 1 copied", "4 check-ins of 3 services copied", "renamed: in services.json, no check-ins"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	dst, err := postgres.Open(context.Background(), to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if got, err := dst.Services(context.Background()); err != nil || strings.Join(got, " ") != "old-a old-b old-c" {
		t.Errorf("target holds %v, %v; want old-a old-b old-c", got, err)
	}

	t.Run("an empty source is refused", func(t *testing.T) {
		empty := filepath.Join(dir, "empty.db")
		addToSQLite(t, empty)
		out, err := migrateStore(t, empty, to, cfg)
		if err == nil || !strings.Contains(err.Error(), "holds no check-ins") {
			t.Errorf("migrate-store from an empty file = %v\n%s; want a refusal saying it holds no check-ins", err, out)
		}
	})
}
