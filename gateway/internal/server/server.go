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
}

// New returns the gateway's HTTP handler.
func New(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return routes(d)
}
