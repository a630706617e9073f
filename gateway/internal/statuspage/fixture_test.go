package statuspage

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// fixture is the status pages on 127.0.0.1 over a real database (a SQLite file or a
// PostgreSQL schema: package backendtest), mounted on the paths the gateway gives them, and
// again under /checkin. Any other GET / is answered 404.
type fixture struct {
	url   string
	store backendtest.Store
	clock *gatewaytest.Clock
}

// newFixtureWith serves the status pages of the services in services.json over a new, empty
// database of backend b.
func newFixtureWith(t *testing.T, b backendtest.Backend, services string) *fixture {
	t.Helper()
	cfg, err := config.Parse([]byte(services))
	if err != nil {
		t.Fatal(err)
	}
	db := b.Open(t)
	clock := gatewaytest.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	current := func() *config.Config { return cfg }
	discard := slog.New(slog.DiscardHandler)
	r := chi.NewRouter()
	list := List(current, db, clock.Now, discard)
	r.Get("/", Root(list, http.NotFoundHandler()))
	r.Get("/status", list)
	r.Get("/status/{name}", Service(current, db, clock.Now, discard))
	srv := httptest.NewServer(gatewaytest.UnderPath(r)) // and again under /checkin
	t.Cleanup(srv.Close)
	return &fixture{url: srv.URL, store: db, clock: clock}
}

// checkin stores a check-in at the clock's time, as the API would after checking the token.
func (f *fixture) checkin(t *testing.T, service, status, info string) {
	t.Helper()
	s, err := checkin.ParseStatus(status)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Add(context.Background(), storage.Checkin{Service: service, Status: s, Info: info, At: f.clock.Now()}); err != nil {
		t.Fatalf("check-in %s %s: %v", service, status, err)
	}
}

// get sends a GET and returns the status code, body and headers.
func (f *fixture) get(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", f.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return gatewaytest.RoundTrip(t, req)
}
