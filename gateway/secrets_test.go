package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Token files that cannot be used stop start-up with a message that names the file, never its
// contents.
func TestTokenFileErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	empty, twoLines := filepath.Join(dir, "empty"), filepath.Join(dir, "two")
	writeFile(t, empty, " \n")
	writeFile(t, twoLines, "Tok-Line-1\nTok-Line-2\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--read-token-file", filepath.Join(dir, "none")}, "--read-token-file"},
		{[]string{"--read-token-file", empty}, "is empty"},
		{[]string{"--metrics-token-file", twoLines}, "more than one line"},
	}
	for _, tt := range tests {
		args := append([]string{"--config", cfg, "--db", filepath.Join(dir, "c.db"), "--listen", "127.0.0.1:0"}, tt.args...)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard)
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "Tok-Line") {
			t.Errorf("run(%v) = %v; want an error mentioning %q and no token", tt.args, err, tt.want)
		}
	}
}
