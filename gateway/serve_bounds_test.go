package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --history-max-bytes and --min-free-space are checked at start, from the flag or the
// environment, and a wrong one names itself.
func TestRunRefusesBadBounds(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, testServices)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad history cap", []string{"--history-max-bytes", "lots"}, nil, "--history-max-bytes: invalid size"},
		{"negative history cap", []string{"--history-max-bytes=-5"}, nil, "--history-max-bytes: invalid size"},
		{"history cap from env", nil, map[string]string{"CHECKIN_HISTORY_MAX_BYTES": "64 apples"}, "--history-max-bytes"},
		{"bad free space", []string{"--min-free-space", "150%"}, nil, "--min-free-space: invalid share"},
		{"free space from env", nil, map[string]string{"CHECKIN_MIN_FREE_SPACE": "plenty"}, "--min-free-space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			args := append([]string{"--config", good, "--db", filepath.Join(dir, "a.db")}, tt.args...)
			getenv := func(k string) string {
				if k == "CHECKIN_LISTEN" {
					return "127.0.0.1:0"
				}
				return tt.env[k]
			}
			err := run(ctx, args, getenv, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%v) = %v; want an error mentioning %q", tt.args, err, tt.want)
			}
		})
	}
}
