package ping

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadKeyFile(t *testing.T) {
	tests := []struct {
		name, content string
		want          string
		wantErr       []string // all must appear in the error
	}{
		{"22 URL-safe characters", "Ab-_0123456789abcdefgh\n", "Ab-_0123456789abcdefgh", nil},
		{"surrounding blanks", "  " + testKey + " \r\n", testKey, nil},
		{"too short", "short-key-123456789\n", "", []string{"19 characters", "at least 22", "openssl rand"}},
		{"not URL-safe", "abcdefghij/klmnopqrstuvwxyz+=\n", "", []string{"only letters, digits, - and _", "openssl rand"}},
		{"empty", "\n", "", []string{"is empty"}},
		{"two lines", testKey + "\n" + testKey + "\n", "", []string{"more than one line; put only the ping key in it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ping.key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ReadKeyFile(path)
			if tt.wantErr == nil {
				if err != nil || got != tt.want {
					t.Fatalf("ReadKeyFile = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadKeyFile = %q, nil; want an error", got)
			}
			for _, w := range append(tt.wantErr, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q; want it to contain %q", err, w)
				}
			}
			if secret := strings.TrimSpace(tt.content); secret != "" && strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the key", err)
			}
		})
	}
	if got, err := ReadKeyFile(""); got != "" || err != nil {
		t.Errorf(`ReadKeyFile("") = %q, %v; want no key, no error`, got, err)
	}
}
