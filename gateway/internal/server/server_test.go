package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// fixture is a real gateway handler on 127.0.0.1 over a real database: a SQLite file or a
// PostgreSQL schema (package backendtest). Tests that store or read check-ins run once per
// engine: backendtest.Each(t, testX), with testX building its fixture on the backend it gets.
type fixture struct {
	url   string
	store backendtest.Store
	clock *gatewaytest.Clock
}

const servicesJSON = `{
	"backup":  {"token": "secret-backup", "timeout": "1d", "grace": "12h", "owner": "ops"},
	"laptop":  {"token": "secret-laptop", "timeout": "2d"},
	"archive": {"token": "secret-archive", "timeout": 0},
	"tolerant": {"token": "secret-tolerant", "timeout": "1h", "tolerate_failures": true},
	"db dump@host:1": {"token": "secret-dump", "timeout": "1h"}
}`

// newFixture serves servicesJSON over a new, empty database of backend b.
func newFixture(t *testing.T, b backendtest.Backend) *fixture {
	t.Helper()
	return newFixtureWith(t, b, servicesJSON)
}

// newFixtureWith is newFixture with another services.json.
func newFixtureWith(t *testing.T, b backendtest.Backend, services string) *fixture {
	t.Helper()
	return newFixtureDeps(t, b.Open(t), services, nil)
}

// newFixtureDeps serves services over db, with Deps changed by tweak.
func newFixtureDeps(t *testing.T, db backendtest.Store, services string, tweak func(*Deps)) *fixture {
	t.Helper()
	cfg, err := config.Parse([]byte(services))
	if err != nil {
		t.Fatal(err)
	}
	clock := gatewaytest.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	reg := prometheus.NewRegistry()
	metrics.RegisterProcess(reg, "test")
	d := Deps{
		Config:   func() *config.Config { return cfg },
		Store:    db,
		Now:      clock.Now,
		Registry: reg,
	}
	if tweak != nil {
		tweak(&d)
	}
	srv := httptest.NewServer(gatewaytest.UnderPath(New(d)))
	t.Cleanup(srv.Close)
	return &fixture{url: srv.URL, store: db, clock: clock}
}

// do sends a request and returns the status code and body.
func (f *fixture) do(t *testing.T, method, path, contentType, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return gatewaytest.RoundTrip(t, req)
}

func (f *fixture) checkin(t *testing.T, service, token, status, info string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"service": service, "token": token, "status": status, "info": info})
	if code, resp, _ := f.do(t, "POST", "/", "application/json", string(body)); code != http.StatusNoContent {
		t.Fatalf("check-in %s %s = %d %s; want 204", service, status, code, resp)
	}
}

// stored is the number of check-ins in the database, over all services.
func (f *fixture) stored(t *testing.T) int {
	t.Helper()
	n := 0
	for _, s := range []string{"backup", "laptop", "archive", "tolerant"} {
		h, err := storagetest.History(context.Background(), f.store, s, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n += len(h)
	}
	return n
}
