package overview

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// countingStore is a real PostgreSQL store that counts the summaries read one by one.
type countingStore struct {
	*postgres.Store
	single atomic.Int64
}

// openPostgres opens a store on a throwaway cluster, closed with the test.
func openPostgres(t *testing.T) *postgres.Store {
	t.Helper()
	pg, err := postgres.Open(context.Background(), pgtest.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	return pg
}

func (c *countingStore) Summary(ctx context.Context, service string) (storage.Summary, error) {
	c.single.Add(1)
	return c.Store.Summary(ctx, service)
}

// On PostgreSQL, where every Summary is a query, a pass over many services reads every summary
// in one query (Every), and gives the statuses that reading each service alone gives.
func TestStatesReadEverySummaryAtOnce(t *testing.T) {
	const n = 2 * everyFrom
	var services strings.Builder
	services.WriteString("{")
	for i := range n {
		fmt.Fprintf(&services, `%s"svc-%03d": {"token": "x", "timeout": "1h", "grace": "30m"}`, map[bool]string{true: ",", false: ""}[i > 0], i)
	}
	services.WriteString("}")
	cfg, err := config.Parse([]byte(services.String()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pg := openPostgres(t)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	// By i%4: fresh OK, fresh CRITICAL, overdue OK (WARNING), never checked in (UNKNOWN).
	for i := range n {
		name := fmt.Sprintf("svc-%03d", i)
		c := storage.Checkin{Service: name, Status: checkin.OK, Info: "fine", At: now.Add(-10 * time.Minute)}
		switch i % 4 {
		case 1:
			c.Status, c.Info = checkin.Critical, "failed"
		case 2:
			c.At = now.Add(-80 * time.Minute)
		case 3:
			continue
		}
		if err := pg.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	db := &countingStore{Store: pg}
	got, err := NewStates(db).Statuses(ctx, cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if reads := db.single.Load(); reads != 0 {
		t.Errorf("a pass over %d services read %d summaries one by one; want all in one query", n, reads)
	}
	want := []checkin.Status{checkin.OK, checkin.Critical, checkin.Warning, checkin.Unknown}
	// GET /api/v1/services: the services' states in full come from the same query.
	listed := 0
	err = NewStates(db).Each(ctx, cfg, Filter{}, "", now, func(svc *config.Service, res state.Result) bool {
		if i, _ := cfg.Place(svc.Name); res.Status != want[i%4] {
			t.Errorf("Each gave %s %v, want %v", svc.Name, res.Status, want[i%4])
		}
		listed++
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if reads := db.single.Load(); listed != n || reads != 0 {
		t.Errorf("Each listed %d of %d services with %d summaries read one by one; want all, none", listed, n, reads)
	}
	for i, svc := range cfg.Services() {
		res, err := Read(ctx, pg, svc, now)
		if err != nil {
			t.Fatal(err)
		}
		if got[i] != res.Status || got[i] != want[i%4] {
			t.Errorf("%s: States gave %v, reading it alone %v, want %v", svc.Name, got[i], res.Status, want[i%4])
		}
	}
}

// A page of services on PostgreSQL reads their summaries in one query (Several), and gives the
// states that reading each alone gives.
func TestReadSeveralInOneQuery(t *testing.T) {
	cfg, err := config.Parse([]byte(`{
		"fresh": {"token": "x", "timeout": "1h", "grace": "30m"},
		"failed": {"token": "x", "timeout": "1h", "grace": "30m"},
		"late": {"token": "x", "timeout": "1h", "grace": "30m"},
		"silent": {"token": "x", "timeout": "1h", "grace": "30m"}}`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pg := openPostgres(t)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, c := range []storage.Checkin{
		{Service: "fresh", Status: checkin.OK, At: now.Add(-10 * time.Minute)},
		{Service: "failed", Status: checkin.Critical, At: now.Add(-10 * time.Minute)},
		{Service: "late", Status: checkin.OK, At: now.Add(-80 * time.Minute)},
	} {
		if err := pg.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	db := &countingStore{Store: pg}
	svcs := cfg.Services()
	got, err := ReadSeveral(ctx, db, svcs, now)
	if err != nil {
		t.Fatal(err)
	}
	if reads := db.single.Load(); reads != 0 {
		t.Errorf("ReadSeveral read %d of %d summaries one by one; want all in one query", reads, len(svcs))
	}
	want := map[string]checkin.Status{"fresh": checkin.OK, "failed": checkin.Critical, "late": checkin.Warning, "silent": checkin.Unknown}
	for i, svc := range svcs {
		alone, err := Read(ctx, pg, svc, now)
		if err != nil {
			t.Fatal(err)
		}
		if got[i].Status != want[svc.Name] || !reflect.DeepEqual(got[i], alone) {
			t.Errorf("%s: ReadSeveral gave %+v, reading it alone %+v; want status %v", svc.Name, got[i], alone, want[svc.Name])
		}
	}
}
