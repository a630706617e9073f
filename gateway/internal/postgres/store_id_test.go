package postgres

import (
	"context"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// Every gateway on one database and schema reads the same store id, and so does a gateway
// started later: the id labels them as one store.
func TestStoreIDSharedByGateways(t *testing.T) {
	dsn := pgtest.Start(t)
	ctx := context.Background()
	first, err := mustOpen(t, dsn).StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second := mustOpen(t, dsn)
	if id, err := second.StoreID(ctx); id != first || err != nil {
		t.Errorf("StoreID on a second gateway = %q, %v; want %q", id, err, first)
	}
	second.Close()
	if id, err := mustOpen(t, dsn).StoreID(ctx); id != first || err != nil {
		t.Errorf("StoreID after a restart = %q, %v; want %q", id, err, first)
	}
}
