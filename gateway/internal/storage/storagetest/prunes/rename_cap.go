package prunes

import (
	"context"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
)

// A renamed service keeps what its history cap deleted: the count moves with the history, and
// the old name, used again, starts from none.
func RenameKeepsCapPruned(t *testing.T, open func(t *testing.T) kit.Store) {
	ctx := context.Background()
	s := kit.MustOpen(t, open)
	at := kit.T0.Add(48 * time.Hour)
	addSized(t, s, "old", 0, 20)
	n, err := s.PruneToBytes(ctx, "old", 5*capRow, 1, at)
	if err != nil || n == 0 {
		t.Fatalf("PruneToBytes = %d, %v; want some deleted", n, err)
	}
	if _, err := s.RenameService(ctx, "old", "new"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.CapPruned(ctx, "new"); err != nil || got.Count != int64(n) || !got.At.Equal(at) {
		t.Errorf("CapPruned(new) = %+v, %v; want %d at %v", got, err, n, at)
	}
	if got, err := s.CapPruned(ctx, "old"); err != nil || got != (storage.CapPruned{}) {
		t.Errorf("CapPruned(old) = %+v, %v; want none", got, err)
	}
}
