package postgres

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// mustOpen opens the database at dsn, closed when the test ends.
func mustOpen(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(t testing.TB, s *Store, c storage.Checkin) {
	t.Helper()
	if err := s.Add(context.Background(), c); err != nil {
		t.Fatalf("Add(%s %v): %v", c.Service, c.Status, err)
	}
}

var t0 = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func TestReadYourWritesAcrossStores(t *testing.T) {
	dsn := pgtest.Start(t)
	a, b := mustOpen(t, dsn), mustOpen(t, dsn)
	ctx := context.Background()
	for i, tc := range []struct {
		via    *Store
		status checkin.Status
	}{{a, checkin.OK}, {b, checkin.Critical}, {a, checkin.Warning}, {b, checkin.OK}} {
		at := t0.Add(time.Duration(i) * time.Second)
		mustAdd(t, tc.via, storage.Checkin{Service: "backup", Status: tc.status, Info: "run", At: at})
		for _, other := range []*Store{a, b} {
			latest, _, err := storagetest.Latest(ctx, other, "backup")
			if err != nil {
				t.Fatal(err)
			}
			if latest.Status != tc.status || !latest.At.Equal(at) {
				t.Fatalf("after check-in %d, Latest = %v at %v; want %v at %v", i, latest.Status, latest.At, tc.status, at)
			}
		}
	}
}

func TestNewestIsByTimeNotCommitOrder(t *testing.T) {
	s := mustOpen(t, pgtest.Start(t))
	ctx := context.Background()
	mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.OK, At: t0.Add(2 * time.Second)})
	// Stamped earlier by a gateway whose commit came later: it is older, not newest.
	mustAdd(t, s, storage.Checkin{Service: "x", Status: checkin.Critical, At: t0.Add(time.Second)})
	latest, ok, err := storagetest.Latest(ctx, s, "x")
	if err != nil {
		t.Fatal(err)
	}
	if latest.Status != checkin.OK || !latest.At.Equal(t0.Add(2*time.Second)) || ok.ID != latest.ID {
		t.Errorf("Latest = %+v, %+v; want the OK at t0+2s for both", latest, ok)
	}
	hist, err := storagetest.History(ctx, s, "x", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Status != checkin.OK {
		t.Errorf("History = %+v; want the OK first", hist)
	}
}

func TestConcurrentOpensMigrateOnce(t *testing.T) {
	dsn := pgtest.Start(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			s, err := Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open while others open: %v", err)
		}
	}
	s := mustOpen(t, dsn)
	var n, versions int
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &versions); err != nil {
		t.Fatal(err)
	}
	if n != versions || n == 0 {
		t.Errorf("schema_migrations has %d rows for %d versions; want each version once", n, versions)
	}
}

func TestConcurrentAddsFromTwoStores(t *testing.T) {
	dsn := pgtest.Start(t)
	stores := []*Store{mustOpen(t, dsn), mustOpen(t, dsn)}
	ctx := context.Background()
	const perClient = 50
	services := []string{"a", "b", "c"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range perClient {
				c := storage.Checkin{Service: services[(g+i)%len(services)], Status: checkin.Status(i % 4),
					At: t0.Add(time.Duration(g*perClient+i) * time.Millisecond)}
				if err := stores[g%2].Add(ctx, c); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for _, name := range services {
		hist, err := storagetest.History(ctx, stores[0], name, 1000)
		if err != nil {
			t.Fatal(err)
		}
		total += len(hist)
		latest, latestOK, err := storagetest.Latest(ctx, stores[1], name)
		if err != nil {
			t.Fatal(err)
		}
		if latest.ID != hist[0].ID {
			t.Errorf("%s: Latest is check-in %d; want the newest in history, %d", name, latest.ID, hist[0].ID)
		}
		for _, c := range hist {
			if c.Status == checkin.OK {
				if latestOK.ID != c.ID {
					t.Errorf("%s: newest OK is %d; want %d", name, latestOK.ID, c.ID)
				}
				break
			}
		}
	}
	if total != 8*perClient {
		t.Errorf("stored %d check-ins; want %d", total, 8*perClient)
	}
}
