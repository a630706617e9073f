package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

// TestConformance runs the suite every storage engine passes, on SQLite files.
func TestConformance(t *testing.T) {
	storagetest.Exercise(t, func(t *testing.T) storagetest.Store {
		path := filepath.Join(t.TempDir(), "checkins.db")
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open(%s): %v", path, err)
		}
		return s
	})
}
