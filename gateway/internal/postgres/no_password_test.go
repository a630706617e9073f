package postgres

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// A password refused when none was found anywhere says so and names the file looked in; a
// wrong password gets no such hint; a password from PGPASSWORD connects.
func TestOpenSaysWhenNoPasswordWasGiven(t *testing.T) {
	withPassword := pgtest.Start(t)
	u, err := url.Parse(withPassword)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(pgtest.Superuser)
	noPassword := u.String()
	u.User = url.UserPassword(pgtest.Superuser, "not-the-password")
	wrongPassword := u.String()

	home := t.TempDir()
	tests := []struct {
		name       string
		dsn        string
		pgpassword string
		wantErr    []string // empty: Open succeeds
		dontWant   string
	}{
		{"no password anywhere", noPassword, "", []string{"password authentication failed", "no password was given", filepath.Join(home, ".pgpass")}, ""},
		{"wrong password", wrongPassword, "", []string{"password authentication failed"}, "no password was given"},
		{"password from PGPASSWORD", noPassword, pgtest.Password, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("HOME", home)
			t.Setenv("PGPASSFILE", "")
			t.Setenv("PGPASSWORD", tt.pgpassword)
			s, err := Open(context.Background(), tt.dsn)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Open = %v; want success", err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded; want an error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Open = %v; want it to say %q", err, want)
				}
			}
			if tt.dontWant != "" && strings.Contains(err.Error(), tt.dontWant) {
				t.Errorf("Open = %v; want no %q", err, tt.dontWant)
			}
			if strings.Contains(err.Error(), "not-the-password") {
				t.Errorf("Open = %v; shows the password", err)
			}
		})
	}
}
