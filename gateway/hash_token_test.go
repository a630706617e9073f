package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// secretBackupHash is the SHA-256 of "secret-backup", as printf 'secret-backup' | sha256sum prints it.
const secretBackupHash = "9fb25e8c9ccd5835be65786aa233d416dab596c058c786127ce2adb9e53181f8"

func TestHashToken(t *testing.T) {
	tests := []struct {
		name, stdin string
		wantErr     string
	}{
		{"bare", "secret-backup", ""},
		{"with newline", "secret-backup\n", ""},
		{"with CRLF", "secret-backup\r\n", ""},
		{"empty", "", "no token"},
		{"only newline", "\n", "no token"},
		{"two lines", "secret\nbackup\n", "several lines"},
		{"too long", strings.Repeat("x", maxTokenBytes+1), "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runWithInput(context.Background(), []string{"hash-token"}, strings.NewReader(tt.stdin),
				func(string) string { return "" }, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("hash-token(%.20q) = %v; want an error mentioning %q", tt.stdin, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") || stdout.Len() > 0 {
					t.Errorf("hash-token echoed its input: %v %q", err, stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != secretBackupHash+"\n" {
				t.Fatalf("hash-token printed %q; want %s and a newline", stdout.String(), secretBackupHash)
			}
			hash := secretBackupHash
			// The printed hash is what services.json's token_sha256 takes.
			cfg, err := config.Parse([]byte(fmt.Sprintf(`{"backup": {"token_sha256": %q, "timeout": 60}}`, hash)))
			if err != nil {
				t.Fatal(err)
			}
			if !cfg.Service("backup").Authorize("secret-backup") || cfg.Service("backup").Authorize("secret-backup\n") {
				t.Errorf("token_sha256 %s does not authorize exactly the token", hash)
			}
		})
	}
}
