package daemon

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func TestDBLocation(t *testing.T) {
	home, _ := os.UserHomeDir()
	for _, tc := range []struct {
		db       string
		postgres bool
		path     string // SQLite file, when not postgres
		logged   string
	}{
		{"data/checkins.db", false, "data/checkins.db", "data/checkins.db"},
		{"/var/lib/checkin/checkins.db", false, "/var/lib/checkin/checkins.db", "/var/lib/checkin/checkins.db"},
		{"file:/var/lib/checkin/c.db", false, "/var/lib/checkin/c.db", "file:/var/lib/checkin/c.db"},
		{"file:///var/lib/checkin/c.db", false, "/var/lib/checkin/c.db", "file:///var/lib/checkin/c.db"},
		{"file:rel/c.db", false, "rel/c.db", "file:rel/c.db"},
		{"~/c.db", false, filepath.Join(home, "c.db"), "~/c.db"},
		{"postgres://gw:s3cret@db/checkins", true, "", "postgres://gw:xxxxx@db/checkins"},
		{"PostgreSQL://gw@db/checkins?sslmode=verify-full", true, "", "postgresql://gw@db/checkins?sslmode=verify-full"},
	} {
		d := Location(tc.db)
		if got := d.IsPostgres(); got != tc.postgres {
			t.Errorf("Location(%q).isPostgres() = %v; want %v", tc.db, got, tc.postgres)
		}
		if !tc.postgres {
			if got, err := d.SQLitePath(); got != tc.path || err != nil {
				t.Errorf("Location(%q).sqlitePath() = %q, %v; want %q", tc.db, got, err, tc.path)
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "db", d)
		if !strings.Contains(buf.String(), tc.logged) || strings.Contains(buf.String(), "s3cret") {
			t.Errorf("log of Location(%q) = %q; want db=%s", tc.db, buf.String(), tc.logged)
		}
	}
}

func TestOpenStoreChoosesTheEngine(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		db   string
		want string
	}{
		{"sqlite", filepath.Join(t.TempDir(), "sub", "c.db"), "*sqlite.Store"},
		{"postgres", pgtest.Start(t), "*postgres.Store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := OpenStore(ctx, Location(tc.db), 0, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := fmt.Sprintf("%T", st); got != tc.want {
				t.Errorf("OpenStore(%s) = %s; want %s", tc.name, got, tc.want)
			}
		})
	}
	var _ Store = (*sqlite.Store)(nil)
	var _ Store = (*postgres.Store)(nil)
}

// TestOpenStoreWaitsForTheDatabase: an unreachable server is tried again for --db-wait, a wrong
// password not at all; neither error shows the password.
func TestOpenStoreWaitsForTheDatabase(t *testing.T) {
	c := pgtest.Shared(t)
	for _, tc := range []struct {
		name           string
		dsn            string
		wait           time.Duration
		atLeast, below time.Duration
		retries        bool
	}{
		{"unreachable", fmt.Sprintf("postgres://gw:s3cret@127.0.0.1:%d/x?sslmode=disable", checkintest.FreePort(t)),
			1500 * time.Millisecond, 700 * time.Millisecond, 5 * time.Second, true},
		{"wrong password", fmt.Sprintf("postgres://%s:s3cret@127.0.0.1:%d/postgres?sslmode=disable", pgtest.Superuser, c.Port),
			10 * time.Second, 0, 3 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			start := time.Now()
			_, err := OpenStore(context.Background(), Location(tc.dsn), tc.wait, slog.New(slog.NewTextHandler(&logs, nil)))
			took := time.Since(start)
			if err == nil {
				t.Fatal("OpenStore succeeded; want an error")
			}
			if took < tc.atLeast || took >= tc.below {
				t.Errorf("OpenStore gave up after %v; want between %v and %v", took, tc.atLeast, tc.below)
			}
			if got := strings.Contains(logs.String(), "trying again"); got != tc.retries {
				t.Errorf("logged a retry = %v; want %v\n%s", got, tc.retries, logs.String())
			}
			if strings.Contains(err.Error()+logs.String(), "s3cret") {
				t.Errorf("password shown: %v\n%s", err, logs.String())
			}
		})
	}
}
