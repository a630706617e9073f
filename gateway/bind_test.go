package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A gateway whose port is taken says why and stops before it opens (or creates) the database.
// SQLite only: it checks that the database file's folder is never created.
func TestBusyPortStopsBeforeTheDatabase(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	dbDir := filepath.Join(dir, "data")
	args := []string{"--listen", taken.Addr().String(), "--config", cfg, "--db", filepath.Join(dbDir, "checkins.db")}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = run(ctx, args, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
	const want = "address already in use (is another checkin-gateway running? see --listen)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run on a taken port = %v; want an error containing %q", err, want)
	}
	if _, err := os.Stat(dbDir); !os.IsNotExist(err) {
		t.Errorf("the database folder exists after a failed bind (stat: %v); want it never created", err)
	}
}
