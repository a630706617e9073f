package pgtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// One cluster serves every test of a package (initdb takes seconds); each test gets a schema of
// its own in one database (milliseconds; CREATE DATABASE takes a second with fsync on), which
// its URL names as the search_path, so to the code under test it is an empty database.
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
		shared.c.remove()
	}
	return code
}

// testDB is the database of the shared cluster that holds the tests' schemas.
const testDB = "checkin_test"

// Start returns the URL (password included) of a new, empty schema in the package's cluster,
// starting the cluster on first use. The schema is dropped when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	c := sharedCluster(t)
	name := fmt.Sprintf("test_%d", databases.Add(1))
	if err := c.admin(testDB, func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "CREATE SCHEMA "+name)
		return err
	}); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := c.admin(testDB, func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE")
			return err
		}); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return c.URL(testDB) + "&search_path=" + name
}

// Shared returns the package's cluster (as Start uses it), for tests that need its port.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	return sharedCluster(t)
}

func sharedCluster(t testing.TB) *Cluster {
	t.Helper()
	skipShort(t)
	shared.Lock()
	defer shared.Unlock()
	if !shared.running {
		t.Fatal("pgtest.Start needs TestMain to call pgtest.Run, which removes the cluster at the end")
	}
	if shared.c == nil && shared.err == nil {
		shared.c, shared.err = newCluster(checkintest.FreePort(t))
		if shared.err == nil {
			shared.err = shared.c.admin("postgres", func(ctx context.Context, conn *pgx.Conn) error {
				_, err := conn.Exec(ctx, "CREATE DATABASE "+testDB)
				return err
			})
		}
	}
	if errors.Is(shared.err, errMissing) {
		checkintest.SkipOrFail(t, "%v", shared.err)
	}
	if shared.err != nil {
		t.Fatalf("start PostgreSQL: %v", shared.err)
	}
	return shared.c
}

// admin runs f on a connection to database db as the superuser.
func (c *Cluster) admin(db string, f func(context.Context, *pgx.Conn) error) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return f(ctx, conn)
}
