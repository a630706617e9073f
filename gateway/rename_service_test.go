package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var renameT0 = time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)

// renameService runs `checkin-gateway rename-service` and returns its output and error.
func renameService(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"rename-service"}, args...), func(string) string { return "" }, &out, &errOut)
	return out.String() + errOut.String(), err
}

// rename-service moves a service's history to its new name, on both engines; the database
// opened again (as the gateway does at its next start) reads it under the new name. A new
// name with check-ins, the same name twice, a bad name and a missing SQLite file are refused.
func TestRenameService(t *testing.T) { backendtest.Each(t, testRenameService) }

func testRenameService(t *testing.T, b backendtest.Backend) {
	db := b.DB(t)
	s := b.OpenAt(t, db)
	ctx := context.Background()
	for i, info := range []string{"one", "two", "three"} {
		if err := s.Add(ctx, storage.Checkin{Service: "nightly-backup", Status: checkin.OK, Info: info, At: renameT0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(ctx, storage.Checkin{Service: "db", Status: checkin.OK, At: renameT0}); err != nil {
		t.Fatal(err)
	}
	s.Close() // SQLite is locked while open, as by a running gateway

	if out, err := renameService(t, "--db", db, "nightly-backup", "backup nightly"); err != nil ||
		!strings.Contains(out, `moved 3 check-ins of "nightly-backup" to "backup nightly"`) || !strings.Contains(out, "services.json") {
		t.Fatalf("rename-service = %v:\n%s", err, out)
	}
	s = b.OpenAt(t, db)
	h, err := s.HistoryPage(ctx, "backup nightly", 10, 0)
	if err != nil || len(h) != 3 || h[0].Info != "three" {
		t.Errorf("history under the new name = %+v, %v; want 3 rows, newest three", h, err)
	}
	if sum, err := s.Summary(ctx, "backup nightly"); err != nil || sum.Latest.Info != "three" {
		t.Errorf("summary under the new name = %+v, %v", sum, err)
	}
	if h, _ := s.HistoryPage(ctx, "nightly-backup", 10, 0); len(h) != 0 {
		t.Errorf("the old name still has %d rows", len(h))
	}
	s.Close()

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"to a name with check-ins", []string{"--db", db, "backup nightly", "db"}, `"db" already has check-ins`},
		{"the same name", []string{"--db", db, "db", "db"}, "the same"},
		{"a bad name", []string{"--db", db, "db", "a/b"}, "is no service name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if out, err := renameService(t, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("rename-service %v = %v:\n%s; want an error saying %q", tt.args, err, out, tt.want)
			}
		})
	}
	if out, err := renameService(t, "--db", db, "nobody", "somebody"); err != nil || !strings.Contains(out, "nothing to move") {
		t.Errorf("renaming a name without check-ins = %v:\n%s", err, out)
	}
	if b.Name == "sqlite" {
		missing := filepath.Join(t.TempDir(), "nope.db")
		if _, err := renameService(t, "--db", missing, "a", "b"); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("rename-service on a missing file = %v; want an error naming it", err)
		}
	}
}
