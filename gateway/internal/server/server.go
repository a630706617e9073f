// Package server is the gateway's HTTP API: check-ins, states, history, liveness, metrics and
// the status pages.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Store is what the handlers need of the check-in database.
type Store interface {
	Add(ctx context.Context, c store.Checkin) error
	Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error)
	History(ctx context.Context, service string, limit int) ([]store.Checkin, error)
	Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error)
	Ping(ctx context.Context) error
	Size() (int64, error)
}

// Deps are the server's dependencies.
type Deps struct {
	// Config returns the configuration in force; it changes on reload.
	Config func() *config.Config
	Store  Store
	Now    func() time.Time
	Logger *slog.Logger
	// Registry receives the server's metrics and is served on /metrics; New makes one when nil.
	// A registry serves one server: New registers its metrics there.
	Registry *prometheus.Registry

	// AuthFailLimit is how many failed check-ins (answered 4xx) one client address may send
	// within AuthFailWindow; after that its check-ins are answered 429 until the window ends.
	// Wrong read tokens are limited the same way, counted separately. 0 turns the limits off.
	AuthFailLimit  int
	AuthFailWindow time.Duration

	// ReadToken, when set, is needed (Authorization: Bearer) for everything but check-ins and
	// /alive. MetricsToken, when set, is accepted for /metrics too.
	ReadToken    string
	MetricsToken string
	// PingKey is the project's ping key for /ping/<key>/<service>; "" turns those URLs off.
	PingKey string

	metrics *metrics.Gateway
	limiter *failLimiter
	// readLimiter counts wrong read tokens, apart from failed check-ins: a client's bad
	// check-ins must not lock Icinga out of reading states from the same address.
	readLimiter *failLimiter
}

// New returns the gateway's HTTP handler.
func New(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	d.metrics = metrics.New(d.Registry, d.Config, d.Store, d.Now)
	d.limiter = newFailLimiter(d.AuthFailLimit, d.AuthFailWindow, d.Now)
	d.readLimiter = newFailLimiter(d.AuthFailLimit, d.AuthFailWindow, d.Now)
	return routes(d)
}
