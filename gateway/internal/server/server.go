// Package server is the gateway's HTTP API: check-ins, states, history, liveness and metrics.
// It mounts the status pages (package statuspage) beside them.
package server

import (
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/clientaddr"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/history"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

// Store is the check-in database as the whole server uses it: each handler declares the few
// methods it calls, and this is their sum.
type Store interface {
	checkinAdder
	overview.Summaries
	history.Reader
	pinger
	metrics.Store
	statuspage.Store
	login.Secrets
	capPrunedReader
}

// Deps are the caller's settings for the server.
type Deps struct {
	// Config returns the configuration in force; it changes on reload.
	Config func() *config.Config
	Store  Store
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger     // discards when nil
	// Registry receives the server's metrics and is served on /metrics; New makes one when nil.
	// A registry serves one server: New registers its metrics there.
	Registry *prometheus.Registry
	// MetricsServices says which services get series of their own on /metrics (default all).
	MetricsServices metrics.ServiceSeries

	// AuthFailLimit is how many failed authentications (unknown service or wrong token) one
	// client address may send for one service within AuthFailWindow; after that its check-ins
	// for that service are answered 429 until the window ends. Names no service has share one
	// count per address. Wrong read tokens are limited per address, counted separately, and
	// never keep a right one out. 0 turns the limits off.
	AuthFailLimit  int
	AuthFailWindow time.Duration
	// Rate limits how often one service may have check-ins and pings stored, for services
	// whose services.json sets no "rate"; the zero Rate sets no limit.
	Rate ratelimit.Rate

	// TrustedProxies are the reverse proxies whose X-Forwarded-For or Forwarded header names
	// the client; the zero value trusts none.
	TrustedProxies clientaddr.Trusted

	// ReadToken, when set, is needed (Authorization: Bearer) for everything but check-ins and
	// /alive. MetricsToken, when set, is accepted for /metrics too.
	ReadToken    string
	MetricsToken string
	// SessionTTL is how long a browser's login lasts (login.DefaultTTL when 0).
	SessionTTL time.Duration
	// PingKey is the project's ping key for /ping/<key>/<service>; "" turns those URLs off.
	PingKey string
	// Stored, when set, is told the service of each check-in or ping once it is stored (push
	// mode pushes its verdict to Icinga).
	Stored func(service string)
	// Notice, when set, is a banner for the status pages ("" for none): the last reload's error.
	Notice func() string
	// HistoryCap, when set, hears of every check-in and ping stored (history_cap.go).
	HistoryCap HistoryCap
	// SpaceFloor, when set, refuses check-ins and pings and fails /alive while the disk under
	// the database is too full (space_floor.go).
	SpaceFloor SpaceFloor
}
