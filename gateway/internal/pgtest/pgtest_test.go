package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

func TestStartGivesEachTestAnEmptySchema(t *testing.T) {
	a, b := Start(t), Start(t)
	if a == b {
		t.Fatalf("Start twice = %q both times; want two databases", a)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE mine (x int)`); err != nil {
		t.Fatal(err)
	}
	connB, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close(ctx)
	var n int
	if err := connB.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the other test's schema has %d tables; want 0", n)
	}
}

func TestPasswordIsRequiredOverTCP(t *testing.T) {
	c := Shared(t)
	ctx := context.Background()
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
	if conn, err := pgx.Connect(ctx, c.URLWithoutPassword("postgres")); err == nil {
		conn.Close(ctx)
		t.Fatal("connected without a password; want scram-sha-256 to refuse")
	}
}

func TestClusterRestartsAfterCrash(t *testing.T) {
	c := NewCluster(t)
	ctx := context.Background()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		if err := c.Stop(sig); err != nil {
			t.Fatal(err)
		}
		if conn, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
			conn.Close(ctx)
			t.Fatalf("after Stop(%v) a connection succeeded", sig)
		}
		if err := c.Start(); err != nil {
			t.Fatalf("Start after Stop(%v): %v", sig, err)
		}
	}
}

// Throwaway, for programs that are not tests: a running server with a database of the caller's
// naming, the postmaster's pid, and nothing left once removed.
func TestThrowaway(t *testing.T) {
	skipShort(t)
	c, err := Throwaway(checkintest.FreePort(t))
	if errors.Is(err, ErrMissing) {
		checkintest.SkipOrFail(t, "%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	removed := false
	defer func() {
		if !removed {
			c.Remove()
		}
	}()
	if err := c.CreateDatabase("bench"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("bench"))
	if err != nil {
		t.Fatalf("connect to the new database: %v", err)
	}
	var setting string
	if err := conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&setting); err != nil || setting != "on" {
		t.Errorf("synchronous_commit = %q, %v; want on", setting, err)
	}
	conn.Close(ctx)
	pid := c.Pid()
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); pid == 0 || err != nil {
		t.Errorf("Pid() = %d; want the running postmaster (%v)", pid, err)
	}
	dir := c.dir
	c.Remove()
	removed = true
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Remove, %s: %v; want it gone", dir, err)
	}
	if c.Pid() != 0 {
		t.Errorf("after Remove, Pid() = %d; want 0", c.Pid())
	}
	if conn, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
		conn.Close(ctx)
		t.Error("after Remove a connection succeeded")
	}
}
