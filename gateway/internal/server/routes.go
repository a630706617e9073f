package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes shows the whole API in one place.
func routes(d Deps) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(instrument(d.metrics))
	r.Use(recoverer(d.Logger))
	r.Use(logRequests(d.Logger))
	r.Use(middleware.GetHead)
	r.Use(requireReadToken(d))

	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, d.Logger, notFound("no such endpoint: %s", r.URL.Path))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, d.Logger, &apiError{http.StatusMethodNotAllowed, "method " + r.Method + " is not allowed here"})
	})

	checkin := handleCheckin(d)
	state := handleState(d)

	// The older gateway's paths, kept for existing clients and its plugin.
	r.Post("/", checkin)
	r.Post("/report", checkin)
	r.Get("/", handleRoot(d)) // a browser gets the status page
	r.Get("/report", state)

	r.Get("/alive", handleAlive(d))
	r.Method(http.MethodGet, "/metrics", handleMetrics(d))
	r.Get("/status", handleStatusList(d))
	r.Get("/status/{name}", handleStatusService(d))
	r.Mount("/ping", pingHandler(d)) // Healthchecks-style pings: internal/ping

	r.Route("/api/v1", func(r chi.Router) {
		r.Post("/checkins", checkin)
		r.Get("/services", handleServices(d))
		r.Get("/services/{name}", state)
		r.Get("/services/{name}/history", handleHistory(d))
	})
	return r
}
