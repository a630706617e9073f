package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// One cluster serves every test of a package (initdb takes seconds); each test gets a database
// of its own in it (milliseconds).
var (
	shared struct {
		sync.Mutex
		running bool // Run is in charge: it removes the cluster when the tests end
		c       *Cluster
		err     error
	}
	databases atomic.Int64
)

// Run runs the package's tests and then removes the cluster that Start made, if any. Call it
// from TestMain: os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	shared.Lock()
	shared.running = true
	shared.Unlock()
	code := m.Run()
	shared.Lock()
	defer shared.Unlock()
	if shared.c != nil {
		_ = shared.c.Stop(syscall.SIGINT)
		os.RemoveAll(shared.c.dir)
	}
	return code
}

// Start returns the URL (password included) of a new, empty database in the package's cluster,
// starting the cluster on first use. The database is dropped when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	c := sharedCluster(t)
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), databases.Add(1))
	if err := c.admin(func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+name)
		return err
	}); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if err := c.admin(func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			return err
		}); err != nil {
			t.Errorf("drop database: %v", err)
		}
	})
	return c.URL(name)
}

// Shared returns the package's cluster (as Start uses it), for tests that need its port.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	return sharedCluster(t)
}

func sharedCluster(t testing.TB) *Cluster {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if !shared.running {
		t.Fatal("pgtest.Start needs TestMain to call pgtest.Run, which removes the cluster at the end")
	}
	if shared.c == nil && shared.err == nil {
		shared.c, shared.err = newCluster(checkintest.FreePort(t))
	}
	if errors.Is(shared.err, errMissing) {
		checkintest.SkipOrFail(t, "%v", shared.err)
	}
	if shared.err != nil {
		t.Fatalf("start PostgreSQL: %v", shared.err)
	}
	return shared.c
}

// admin runs f on a connection to the maintenance database postgres.
func (c *Cluster) admin(f func(context.Context, *pgx.Conn) error) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return f(ctx, conn)
}
