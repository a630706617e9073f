package push

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
)

// A gateway that stops leading ends its run with results still pending (Icinga failing): none
// stays pending while it does not push, so its pending gauge reads 0. When it leads again, the
// next run resyncs every service.
func TestPusherRunsAgainAfterATerm(t *testing.T) {
	db, err := sqlite.Open(context.Background(), t.TempDir()+"/checkins.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg, err := config.Parse([]byte(`{"a": {"token": "ta", "timeout": "1d"}, "b": {"token": "tb", "timeout": "1d"}}`))
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeIcinga(t, 503)
	client, err := NewClient(ClientOptions{URL: f.url, User: "u", Password: "pw-Hx7eQ2", CAFile: f.caFile})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	p, err := New(Options{Config: func() *config.Config { return cfg }, Store: db, Client: client, HostName: "gw", Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	term := func(until func() bool) {
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { p.Run(ctx, Alone) })
		deadline := time.Now().Add(10 * time.Second)
		for !until() {
			if time.Now().After(deadline) {
				t.Fatalf("the run did not get there within 10s: %v", f.requests())
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		wg.Wait()
	}
	term(func() bool { return pushes(t, reg, "refused") == 1 && p.pend.len() > 0 })
	if n := p.pend.len(); n != 0 {
		t.Errorf("%d services pending after the run ended; want 0", n)
	}
	term(func() bool { return pushes(t, reg, "ok") >= 2 })
	seen := map[string]bool{}
	for _, r := range f.requests()[1:] {
		seen[r["service"].(string)] = true
	}
	if !seen["gw!a"] || !seen["gw!b"] {
		t.Errorf("the second run pushed %v; want both services (a resync)", seen)
	}
}
