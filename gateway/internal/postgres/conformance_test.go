package postgres

import (
	"context"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

// TestConformance runs the suite every storage engine passes, each subtest on a database of its
// own in the package's throwaway cluster.
func TestConformance(t *testing.T) {
	storagetest.Exercise(t, func(t *testing.T) storagetest.Store {
		s, err := Open(context.Background(), pgtest.Start(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}
