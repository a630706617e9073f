package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func testSeed(t *testing.T, open func(t *testing.T) Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	rows := func(yield func(storage.Checkin) bool) {
		for i := range 10 {
			st := checkin.OK
			if i >= 7 {
				st = checkin.Warning
			}
			for _, name := range []string{"a", "b"} {
				if !yield(storage.Checkin{Service: name, Status: st, Info: fmt.Sprint(i), At: kit.T0.Add(time.Duration(i) * time.Minute)}) {
					return
				}
			}
		}
	}
	if n, err := Seed(ctx, s, rows); err != nil || n != 20 {
		t.Fatalf("Seed = %d, %v; want 20", n, err)
	}
	if n, err := Seed(ctx, s, rows); err != nil || n != 0 {
		t.Errorf("Seed again = %d, %v; want 0 (nothing new)", n, err)
	}
	for _, name := range []string{"a", "b"} {
		sum := kit.MustSummary(t, s, name)
		if sum.Latest.Info != "9" || sum.Latest.Status != checkin.Warning || sum.LatestOK.Info != "6" || !sum.LatestOK.At.Equal(kit.T0.Add(6*time.Minute)) {
			t.Errorf("Summary(%s) = %+v; want the WARNING 9 and the OK 6", name, sum)
		}
	}
}
