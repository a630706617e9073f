package sqlite

import (
	"context"
	"testing"
)

// A database file keeps its store id across restarts.
func TestStoreIDOutlivesRestart(t *testing.T) {
	ctx := context.Background()
	s, path := mustOpen(t)
	first, err := s.StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id, err := again.StoreID(ctx); id != first || err != nil {
		t.Errorf("StoreID after a restart = %q, %v; want %q", id, err, first)
	}
}
