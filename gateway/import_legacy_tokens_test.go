package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
)

// A service that our services.json has with another token than the older gateway's is named
// on stderr with what becomes of its clients; --prefer-old-tokens prints the older token
// instead, keeping the service's other settings.
func TestImportLegacyTokenConflicts(t *testing.T) {
	src := olderDatabase(t)
	ours := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(ours, []byte(`{
  "backup": {"token": "ours", "timeout": "2d", "owner": "carol"},
  "db dump": {"token": "secret-db", "timeout": "30d"}
}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		args        []string
		wantBackup  string // the token backup takes in the printed file
		wantStderr  string
		wantErr     string
		wantNoToken bool // the printed file holds no plain token
	}{
		{name: "kept, and said", args: []string{"--merge"}, wantBackup: "ours",
			wantStderr: "token differs from the older gateway's: backup: its clients send the older token and will be refused (HTTP 401)"},
		{name: "not merged, still said", args: nil,
			wantStderr: "token differs from the older gateway's: backup: its clients send the older token and will be refused"},
		{name: "older token preferred", args: []string{"--merge", "--prefer-old-tokens"}, wantBackup: "secret-backup",
			wantStderr: "token differs from the older gateway's: backup: printed with the older token (--prefer-old-tokens)"},
		{name: "older token preferred, hashed", args: []string{"--merge", "--prefer-old-tokens", "--hash-tokens"}, wantBackup: "secret-backup",
			wantStderr: "backup: printed with the older token", wantNoToken: true},
		{name: "prefer without merge", args: []string{"--prefer-old-tokens"}, wantErr: "--prefer-old-tokens needs --merge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := importLegacy(t, append([]string{"--from", src, "--print-services", "--config", ours}, tt.args...)...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v; want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, errOut)
			}
			if strings.Contains(errOut, "older gateway's: db dump") {
				t.Errorf("stderr names db dump, whose token is the same:\n%s", errOut)
			}
			if strings.Contains(errOut, "secret") {
				t.Errorf("stderr shows a token:\n%s", errOut)
			}
			cfg, err := config.Parse([]byte(out))
			if err != nil {
				t.Fatalf("printed services.json does not load: %v\n%s", err, out)
			}
			if tt.wantBackup == "" {
				return
			}
			b := cfg.Service("backup")
			if b == nil || !b.Authorize(tt.wantBackup) || b.Owner != "carol" || b.Timeout.Hours() != 48 {
				t.Errorf("backup = %+v; want token %q with our owner and timeout kept", b, tt.wantBackup)
			}
			if tt.wantNoToken && strings.Contains(out, "secret-backup") {
				t.Errorf("--hash-tokens printed the token:\n%s", out)
			}
		})
	}
}

// History rows of a service the older services table does not list are imported, and named:
// --print-services will not bring that service to services.json.
func TestImportLegacyNamesUnlistedServices(t *testing.T) {
	src := legacytest.Create(t, legacytest.FullSchema, [][]any{
		{"backup", "secret-backup", 86400, "alice", nil, nil, 0},
	}, [][]any{
		{"backup", int64(1700000000), "OK", "fine"},
		{"old-job", int64(1700000000), "OK", "from a deleted service"},
	})
	db := filepath.Join(t.TempDir(), "checkins.db")
	for _, dry := range []bool{true, false} {
		args := []string{"--from", src, "--db", db}
		want := "history imported for services the older gateway's services table does not list"
		if dry {
			args = append(args, "--dry-run")
			want = "history would be imported for services the older gateway's services table does not list"
		}
		out, _, err := importLegacy(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, want) || !strings.Contains(out, "does not print them): old-job\n") {
			t.Errorf("dry run %v: the summary does not name old-job as unlisted:\n%s", dry, out)
		}
		if strings.Contains(out, "): backup") || strings.Contains(out, ", backup") {
			t.Errorf("dry run %v: the summary names backup, which is listed:\n%s", dry, out)
		}
	}
}
