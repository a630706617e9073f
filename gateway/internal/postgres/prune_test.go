package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestPruneKeepsNewestAndNewestOK(t *testing.T) {
	s := mustOpen(t, pgtest.Start(t))
	ctx := context.Background()
	// One old OK, then 20 old CRITICALs, then 2 new ones.
	mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.OK, At: t0})
	for i := range 20 {
		mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.Critical, At: t0.Add(time.Duration(i+1) * time.Minute)})
	}
	for i := range 2 {
		mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.Critical, At: t0.Add(48*time.Hour + time.Duration(i)*time.Minute)})
	}
	_, okBefore, _ := storagetest.Latest(ctx, s, "x")
	n, err := s.Prune(ctx, t0.Add(24*time.Hour), 1, storage.PruneOptions{Batch: 3})
	if err != nil {
		t.Fatal(err)
	}
	if n != 20 {
		t.Errorf("Prune deleted %d; want 20 (all old CRITICALs, not the newest OK)", n)
	}
	hist, _ := storagetest.History(ctx, s, "x", 100)
	if len(hist) != 3 {
		t.Errorf("history after prune has %d; want 3", len(hist))
	}
	_, okAfter, _ := storagetest.Latest(ctx, s, "x")
	if okAfter.ID != okBefore.ID || okAfter.ID == 0 {
		t.Errorf("newest OK after prune = %d; want %d", okAfter.ID, okBefore.ID)
	}
}

func TestPruneRunsOnOneGatewayAtATime(t *testing.T) {
	dsn := pgtest.Start(t)
	a, b := mustOpen(t, dsn), mustOpen(t, dsn)
	ctx := context.Background()
	for i := range 5 {
		mustAdd(t, a, storage.Checkin{Service: "x", Status: checkin.OK, At: t0.Add(time.Duration(i) * time.Minute)})
	}
	// a holds the prune lock, as during a long prune.
	conn, err := a.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, pruneLock); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Prune(ctx, t0.Add(time.Hour), 1, storage.PruneOptions{}); n != 0 || err != nil {
		t.Errorf("Prune while another gateway prunes = %d, %v; want 0, nil", n, err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, pruneLock); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Prune(ctx, t0.Add(time.Hour), 1, storage.PruneOptions{}); n != 4 || err != nil {
		t.Errorf("Prune once the lock is free = %d, %v; want 4, nil", n, err)
	}
}
