package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// TestConformance runs the suite every storage engine passes, on SQLite files.
func TestConformance(t *testing.T) {
	storagetest.Exercise(t, func(t *testing.T) storagetest.Store {
		path := filepath.Join(t.TempDir(), "checkins.db")
		s, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open(%s): %v", path, err)
		}
		return s
	})
}
