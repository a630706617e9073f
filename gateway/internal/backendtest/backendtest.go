// Package backendtest runs a test once per storage engine the gateway supports: SQLite on a
// file in the test's temporary folder, and PostgreSQL on an empty schema of the package's
// throwaway cluster (package pgtest). The HTTP-level tests of the packages that store or read
// check-ins use it, so that the API, the status pages and the ping URLs answer the same on
// both. Only tests import it.
//
// A package that uses it calls pgtest.Run from its TestMain. Without PostgreSQL installed the
// postgres subtests are skipped, or fail under CHECKIN_REQUIRE_ALL=1.
package backendtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

// Store is a check-in store of either engine, with everything the gateway calls on one.
type Store interface {
	storagetest.Store
	Size() (int64, error)
}

// Backend is one storage engine.
type Backend struct {
	Name string // subtest name: "sqlite" or "postgres"
	// DB returns where a new, empty database is, as --db takes it: a file path or a
	// postgres:// URL.
	DB func(t *testing.T) string
	// OpenAt opens the store at db (creating its schema if need be), closed when the test ends
	// (closing it earlier is fine).
	OpenAt func(t *testing.T, db string) Store
}

// Open returns a new, empty store, closed when the test ends.
func (b Backend) Open(t *testing.T) Store {
	t.Helper()
	return b.OpenAt(t, b.DB(t))
}

// SQLite keeps the database in a file of the test's temporary folder.
var SQLite = Backend{
	Name: "sqlite",
	DB:   func(t *testing.T) string { return filepath.Join(t.TempDir(), "checkins.db") },
	OpenAt: func(t *testing.T, db string) Store {
		t.Helper()
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatalf("open SQLite: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	},
}

// PostgreSQL keeps the database in a schema of its own in the package's shared cluster.
var PostgreSQL = Backend{
	Name: "postgres",
	DB:   func(t *testing.T) string { return pgtest.Start(t) },
	OpenAt: func(t *testing.T, db string) Store {
		t.Helper()
		s, err := postgres.Open(context.Background(), db)
		if err != nil {
			t.Fatalf("open PostgreSQL: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	},
}

// All is every engine, in the order the subtests run.
var All = []Backend{SQLite, PostgreSQL}

// Each runs test once per engine, in subtests named for them.
func Each(t *testing.T, test func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range All {
		t.Run(b.Name, func(t *testing.T) { test(t, b) })
	}
}
