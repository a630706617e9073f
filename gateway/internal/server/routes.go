package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/history"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/readtoken"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/servicelist"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

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
	return routes(d, metrics.New(d.Registry, d.Config, d.Store, d.Now, d.MetricsServices))
}

// writeStore is d.Store as the check-ins, the pings and /alive use it: behind the space floor
// and the history cap when they are set. Reads use d.Store itself, so that the engine's
// optional interfaces (overview's fast paths, metrics' damage flag) are found.
func writeStore(d Deps) Store {
	st := d.Store
	if d.HistoryCap != nil {
		st = cappedStore{st, d.HistoryCap}
	}
	if d.SpaceFloor != nil {
		st = flooredStore{st, d.SpaceFloor}
	}
	return st
}

// routes shows the whole API in one place, and builds each handler with what it uses.
func routes(d Deps, m *metrics.Gateway) http.Handler {
	log := d.Logger
	// Failed check-ins and wrong read tokens are counted apart: a client's bad check-ins must
	// not lock Icinga out of reading states from the same address.
	checkinFails := limiter.New(limiter.Config{Limit: d.AuthFailLimit, Window: d.AuthFailWindow, Now: d.Now,
		Logger: log, What: "failed check-ins", Unknown: "(names no service has)"})
	readFails := limiter.New(limiter.Config{Limit: d.AuthFailLimit, Window: d.AuthFailWindow, Now: d.Now,
		Logger: log, What: "wrong read tokens"})

	rejects := newRejectLog(log, d.Now)                      // shared: one client's flood of any kind is quieted
	redact := pathForLog(ping.Redactor(d.PingKey), d.Config) // for paths in log lines
	r := chi.NewRouter()
	r.Use(d.TrustedProxies.Middleware) // first: all below see the client's address
	r.Use(respond.RequestIDsHiding(isSecret(d)))
	r.Use(instrument(m))
	r.Use(recoverer(log, redact))
	r.Use(logRequests(log, redact))
	r.Use(middleware.GetHead)
	logins := newLogin(d, readFails, rejects) // nil without a read token
	r.Use(readtoken.Guard(d.ReadToken, d.MetricsToken, readFails, log, rejects.Info, redact, logins))
	r.Use(checkQuery(log))
	if d.Notice != nil {
		r.Use(statuspage.Notices(d.Notice))
	}

	r.NotFound(notFound(log, rejects, ping.Redactor(d.PingKey), redact, isSecret(d)))
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		respond.Fail(w, r, log, &respond.Error{Code: http.StatusMethodNotAllowed, Msg: "method " + r.Method + " is not allowed here"})
	})

	rates := ratelimit.NewServices(d.Rate, d.Now, m.RateLimited) // one for check-ins and pings: they share a service's rate
	adder, _ := tellStored(d)
	checkin := handleCheckin(d.Config, adder, watchClock(d.Now, log, d.Registry), checkinFails, rates, m, log, rejects)
	state := handleState(d.Config, d.Store, d.Now, log)
	statusList := statuspage.List(d.Config, d.Store, d.Now, log)

	// The older gateway's paths, kept for existing clients and its plugin.
	r.Post("/", checkin)
	r.Post("/report", checkin)
	r.Get("/", statuspage.Root(statusList, state)) // a browser gets the status page
	r.Get("/report", state)

	r.Get("/alive", handleAlive(writeStore(d), log))
	r.Method(http.MethodGet, "/metrics", handleMetrics(m, d.Registry, log))
	r.Get("/status", statusList)
	r.Get("/status/{name}", statuspage.Service(d.Config, d.Store, d.Now, log))
	mountLogin(r, logins)
	r.Mount("/ping", pingHandler(d, checkinFails, rates, m, rejects)) // Healthchecks-style pings: internal/ping

	r.Route("/api/v1", func(r chi.Router) {
		r.Post("/checkins", checkin)
		r.Get("/services", servicelist.Handler(d.Config, d.Store, d.Now, log))
		r.Get("/services/{name}", state)
		r.Get("/services/{name}/history", history.Handler(d.Config, d.Store, log))
	})
	return r
}
