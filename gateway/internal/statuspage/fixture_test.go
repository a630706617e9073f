package statuspage

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is the status pages on 127.0.0.1 over a real database file, mounted on the paths
// the gateway gives them. Any other GET / is answered 404.
type fixture struct {
	url   string
	store *store.Store
	clock *testClock
}

// newFixtureWith serves the status pages of the services in services.json.
func newFixtureWith(t *testing.T, services string) *fixture {
	t.Helper()
	cfg, err := config.Parse([]byte(services))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	current := func() *config.Config { return cfg }
	discard := slog.New(slog.DiscardHandler)
	r := chi.NewRouter()
	list := List(current, db, clock.Now, discard)
	r.Get("/", Root(list, http.NotFoundHandler()))
	r.Get("/status", list)
	r.Get("/status/{name}", Service(current, db, clock.Now, discard))
	srv := httptest.NewServer(r)
	t.Cleanup(func() { srv.Close(); db.Close() })
	return &fixture{url: srv.URL, store: db, clock: clock}
}

// checkin stores a check-in at the clock's time, as the API would after checking the token.
func (f *fixture) checkin(t *testing.T, service, status, info string) {
	t.Helper()
	s, err := checkin.ParseStatus(status)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Add(context.Background(), store.Checkin{Service: service, Status: s, Info: info, At: f.clock.Now()}); err != nil {
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
	return roundTrip(t, req)
}

// roundTrip sends req and returns the answer's status code, body and headers.
func roundTrip(t *testing.T, req *http.Request) (int, string, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// errorBody checks that an answer is a JSON error object and returns its message.
func errorBody(t *testing.T, hdr http.Header, body string) string {
	t.Helper()
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q; want application/json", ct)
	}
	var e struct {
		Error string `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error == "" {
		t.Errorf("error body %q is not {\"error\": \"...\"}: %v", body, err)
	}
	return e.Error
}
