package main

import (
	"bytes"
	"context"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A relative --db that cannot be opened names the absolute path it resolved to, the working
// folder, and the user: under systemd the working folder is /, not where the operator stood.
func TestRelativeDBPathErrorNamesTheAbsolutePath(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	writeFile(t, filepath.Join(dir, "data"), "a file where the folder should be")
	t.Chdir(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, []string{"--listen", "127.0.0.1:0", "--config", cfg, "--db", "data/checkins.db"},
		func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
	abs := filepath.Join(dir, "data", "checkins.db")
	for _, want := range []string{"--db data/checkins.db is relative", "it is " + abs, "the working folder " + dir, "as the user " + userName(t)} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("run with a relative --db = %v; want it to contain %q", err, want)
		}
	}
	if _, serr := os.Stat(abs); serr == nil {
		t.Errorf("a database was made at %s", abs)
	}
}

// userName is the name of the user the tests run as.
func userName(t *testing.T) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return u.Username
}
