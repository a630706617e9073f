package postgres

import (
	"context"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storetest"
)

// TestConformance runs the suite every storage engine passes, each subtest on a database of its
// own in the package's throwaway cluster.
func TestConformance(t *testing.T) {
	storetest.Exercise(t, func(t *testing.T) storetest.Store {
		s, err := Open(context.Background(), pgtest.Start(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}
