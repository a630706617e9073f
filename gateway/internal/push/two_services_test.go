package push

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
)

// newTwoServicePusher is a pusher of services "a" and "b" (no check-ins yet, a day's timeout)
// over a new SQLite file, pushing to a fake Icinga that first gives answers (then 200), with
// its metrics in reg.
func newTwoServicePusher(t *testing.T, answers ...int) (p *Pusher, f *fakeIcinga, reg *prometheus.Registry) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir()+"/checkins.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg, err := config.Parse([]byte(`{"a": {"token": "ta", "timeout": "1d"}, "b": {"token": "tb", "timeout": "1d"}}`))
	if err != nil {
		t.Fatal(err)
	}
	f = newFakeIcinga(t, answers...)
	client, err := NewClient(ClientOptions{URL: f.url, User: "u", Password: "pw-Hx7eQ2", CAFile: f.caFile})
	if err != nil {
		t.Fatal(err)
	}
	reg = prometheus.NewRegistry()
	if p, err = New(Options{Config: func() *config.Config { return cfg }, Store: db, Client: client, HostName: "gw", Registry: reg}); err != nil {
		t.Fatal(err)
	}
	return p, f, reg
}
