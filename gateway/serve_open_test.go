package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
)

// services.json is read while an existing database opens. A bad services.json still stops the
// gateway with its own error, leaves the database closed (its lock released) and creates no
// database that did not exist.
func TestBadConfigBesideTheDatabase(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, `{"backup": {"token": "x"}}`)
	existing := filepath.Join(dir, "existing.db")
	st, err := sqlite.Open(context.Background(), existing)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, db  string
		wantExist bool
	}{
		{"existing database", existing, true},
		{"new database", filepath.Join(dir, "new", "checkins.db"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			args := []string{"--listen", "127.0.0.1:0", "--config", bad, "--db", tt.db}
			err := run(ctx, args, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
			const want = `service "backup": field timeout: missing`
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("run with a bad services.json = %v; want an error containing %q", err, want)
			}
			if _, err := os.Stat(tt.db); (err == nil) != tt.wantExist {
				t.Errorf("database %s exists = %v after the failed start; want %v", tt.db, err == nil, tt.wantExist)
			}
			if !tt.wantExist {
				return
			}
			// The failed gateway closed the database: another may open it.
			st, err := sqlite.Open(context.Background(), tt.db)
			if err != nil {
				t.Fatalf("open the database after the failed start: %v", err)
			}
			st.Close()
		})
	}
}
