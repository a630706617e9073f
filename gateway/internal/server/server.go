// Package server is the gateway's HTTP API: check-ins, states, history and liveness.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Store is what the handlers need of the check-in database.
type Store interface {
	Add(ctx context.Context, c store.Checkin) error
	Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error)
	History(ctx context.Context, service string, limit int) ([]store.Checkin, error)
	Ping(ctx context.Context) error
}

// Deps are the server's dependencies.
type Deps struct {
	// Config returns the configuration in force; it changes on reload.
	Config func() *config.Config
	Store  Store
	Now    func() time.Time
	Logger *slog.Logger

	// AuthFailLimit is how many failed check-ins (answered 4xx) one client address may send
	// within AuthFailWindow; after that its check-ins are answered 429 until the window ends.
	// 0 turns the limit off.
	AuthFailLimit  int
	AuthFailWindow time.Duration

	// ReadToken, when set, is needed (Authorization: Bearer) for everything but check-ins and
	// /alive. MetricsToken, when set, is accepted for /metrics too.
	ReadToken    string
	MetricsToken string

	// OnReject, when set, is called once for every check-in refused, with the reason:
	// bad_request, unauthorized, too_large, timeout or rate_limited.
	OnReject func(reason string)

	limiter *failLimiter
}

// New returns the gateway's HTTP handler.
func New(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.OnReject == nil {
		d.OnReject = func(string) {}
	}
	d.limiter = newFailLimiter(d.AuthFailLimit, d.AuthFailWindow, d.Now)
	return routes(d)
}
