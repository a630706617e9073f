package checkin

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, want string
		wantErr          error
	}{
		{"no path", "", "", nil},
		{"one line", write("ok", "  s3cret\n"), "s3cret", nil},
		{"empty", write("empty", " \n"), "", ErrTokenFileEmpty},
		{"two lines", write("two", "a\nb\n"), "", ErrTokenFileLines},
		{"missing", filepath.Join(dir, "none"), "", os.ErrNotExist},
	}
	for _, tt := range tests {
		got, err := ReadTokenFile(tt.path)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("ReadTokenFile(%s) = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error %v shows the token", err)
		}
	}
}
