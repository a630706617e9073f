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
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storetest"
)

// Store is a check-in store of either engine, with everything the gateway calls on one.
type Store interface {
	storetest.Store
	Size() (int64, error)
	Warm(ctx context.Context, services []string) error
}

// Backend is one storage engine.
type Backend struct {
	Name string // subtest name: "sqlite" or "postgres"
	// Open returns a new, empty store, closed when the test ends (closing it earlier is fine).
	Open func(t *testing.T) Store
}

// SQLite keeps the database in a file of the test's temporary folder.
var SQLite = Backend{Name: "sqlite", Open: func(t *testing.T) Store {
	t.Helper()
	return SQLiteAt(t, filepath.Join(t.TempDir(), "checkins.db"))
}}

// PostgreSQL keeps the database in a schema of its own in the package's shared cluster.
var PostgreSQL = Backend{Name: "postgres", Open: func(t *testing.T) Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.Start(t))
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}}

// All is every engine, in the order the subtests run.
var All = []Backend{SQLite, PostgreSQL}

// SQLiteAt opens (or creates) the SQLite database at path, closed when the test ends. For
// tests that must reach the file itself: a full disk, a replaced or deleted file.
func SQLiteAt(t *testing.T, path string) Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Each runs test once per engine, in subtests named for them.
func Each(t *testing.T, test func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range All {
		t.Run(b.Name, func(t *testing.T) { test(t, b) })
	}
}
