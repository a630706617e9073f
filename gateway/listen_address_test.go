package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A --listen without HOST:PORT says which form it wants, with an example from what was given,
// before anything is opened.
func TestListenAddressForm(t *testing.T) {
	tests := []struct{ listen, want string }{
		{"5090", `--listen "5090": use HOST:PORT, e.g. 127.0.0.1:5090`},
		{"localhost", `--listen "localhost": use HOST:PORT, e.g. localhost:5000`},
		{"http://127.0.0.1:5000", `--listen "http://127.0.0.1:5000": use HOST:PORT, e.g. 127.0.0.1:5000`},
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := run(ctx, []string{"--listen", tt.listen, "--config", cfg, "--db", filepath.Join(dir, "data", "checkins.db")},
			func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("--listen %s: %v; want %q", tt.listen, err, tt.want)
		}
	}
}
