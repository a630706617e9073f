package reads

import (
	"context"
	"slices"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Services names every service with check-ins of any kind, imported ones too, each once.
func Services(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	if got, err := s.Services(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Services on empty = %v, %v; want none", got, err)
	}
	kit.MustAdd(t, s,
		kit.Report("sync", checkin.OK, "", 0),
		kit.Report("backup", checkin.Critical, "", 1),
		kit.Report("sync", checkin.OK, "", 2),
		storage.Checkin{Service: "log-only", Kind: checkin.KindLog, At: kit.T0},
	)
	if _, err := s.Import(ctx, "imported", []storage.Checkin{kit.Report("", checkin.OK, "old", 0)}); err != nil {
		t.Fatal(err)
	}
	want := []string{"backup", "imported", "log-only", "sync"}
	if got, err := s.Services(ctx); err != nil || !slices.Equal(got, want) {
		t.Errorf("Services = %v, %v; want %v", got, err, want)
	}
}
