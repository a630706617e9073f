package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

func TestOpenErrorsNeverShowThePassword(t *testing.T) {
	c := pgtest.Shared(t)
	closed := checkintest.FreePort(t)
	for _, tc := range []struct{ name, dsn string }{
		{"wrong password", fmt.Sprintf("postgres://%s:wrong-s3cret@127.0.0.1:%d/postgres?sslmode=disable", pgtest.Superuser, c.Port)},
		{"nothing listening", fmt.Sprintf("postgres://app:wrong-s3cret@127.0.0.1:%d/x?sslmode=disable&connect_timeout=2", closed)},
		{"no such database", fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/missing?sslmode=disable", pgtest.Superuser, pgtest.Password, c.Port)},
		{"bad URL", "postgres://app:wrong-s3cret@127.0.0.1:notaport/x"},
		{"password parameter", fmt.Sprintf("postgres://127.0.0.1:%d/x?password=wrong-s3cret&sslmode=disable", closed)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.dsn)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded; want an error")
			}
			for _, secret := range []string{"wrong-s3cret", pgtest.Password} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("Open error %q shows the password", err)
				}
			}
		})
	}
}

func TestPasswordFromEnvironmentAndPassFile(t *testing.T) {
	c := pgtest.Shared(t)
	dsn := pgtest.Start(t)
	db := dsn[strings.LastIndex(dsn, "/")+1 : strings.Index(dsn, "?")]
	pass := filepath.Join(t.TempDir(), "pgpass")
	line := fmt.Sprintf("127.0.0.1:%d:%s:%s:%s\n", c.Port, db, pgtest.Superuser, pgtest.Password)
	if err := os.WriteFile(pass, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, password, passfile string }{
		{"PGPASSWORD", pgtest.Password, os.DevNull},
		{"PGPASSFILE", "", pass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PGPASSWORD", tc.password)
			t.Setenv("PGPASSFILE", tc.passfile)
			s := mustOpen(t, c.URLWithoutPassword(db))
			if err := s.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRestartOfTheDatabase: while PostgreSQL is down, check-ins fail with ErrUnavailable and
// Ping fails; once it is back, check-ins work again with the same Store, and Ping with them.
func TestRestartOfTheDatabase(t *testing.T) {
	c := pgtest.NewCluster(t)
	var logs checkintest.SyncBuffer
	s, err := Open(context.Background(), c.URL("postgres"), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.OK, At: t0})
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		if err := c.Stop(sig); err != nil {
			t.Fatal(err)
		}
		err := s.Add(ctx, storage.Checkin{Service: "x", Status: checkin.Critical, At: t0.Add(time.Second)})
		if !errors.Is(err, storage.ErrUnavailable) {
			t.Errorf("after Stop(%v), Add = %v; want ErrUnavailable", sig, err)
		}
		for range 2 {
			if err := s.Ping(ctx); err == nil || err.Error() != "database unavailable" || !errors.Is(err, storage.ErrUnavailable) {
				t.Errorf("after Stop(%v), Ping = %v; want database unavailable", sig, err)
			}
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		// Ping follows the check-ins: it works again once one is stored.
		deadline := time.Now().Add(10 * time.Second)
		ok := storage.Checkin{Service: "x", Status: checkin.OK, At: t0.Add(2 * time.Second)}
		for s.Add(ctx, ok) != nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("after restart and a check-in, Ping = %v", err)
		}
	}
	if n := strings.Count(logs.String(), "database unavailable"); n != 2 {
		t.Errorf("logged %d failing spells; want 2 (once per restart)\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), pgtest.Password) {
		t.Errorf("log shows the password:\n%s", logs.String())
	}
	hist, err := storagetest.History(ctx, s, "x", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 {
		t.Errorf("history has %d check-ins; want 3 (the failed ones not stored)", len(hist))
	}
}

// Readers holding every read connection (heavy history reads) delay neither check-ins nor Ping.
func TestReadsNeverStallWrites(t *testing.T) {
	s := mustOpen(t, pgtest.Start(t))
	ctx := context.Background()
	for range readConns {
		conn, err := s.pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Release()
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.Add(wctx, storage.Checkin{Service: "x", Status: checkin.OK, At: t0}); err != nil {
		t.Errorf("Add while every read connection is taken: %v", err)
	}
	if err := s.Ping(wctx); err != nil {
		t.Errorf("Ping while every read connection is taken: %v", err)
	}
}
