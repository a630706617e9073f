package storagetest

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// A store's id is 16 hex digits, the same each time it is asked for, and another store's
// differs; a closed store refuses. (That every handle on one database reads the same id, and
// a reopened file too, the engines test themselves.)
func testStoreID(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	a, b := open(t), open(t)
	defer a.Close()
	defer b.Close()
	idA, err := a.StoreID(ctx)
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(idA) {
		t.Fatalf("StoreID = %q, %v; want 16 hex digits", idA, err)
	}
	if again, err := a.StoreID(ctx); again != idA || err != nil {
		t.Errorf("StoreID again = %q, %v; want %q", again, err, idA)
	}
	if idB, err := b.StoreID(ctx); idB == idA || err != nil {
		t.Errorf("another store's StoreID = %q, %v; want an id of its own, not %q", idB, err, idA)
	}
	a.Close()
	if _, err := a.StoreID(ctx); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("StoreID after Close: %v; want ErrClosed", err)
	}
}
