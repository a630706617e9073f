package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// logRequests logs every request at debug level: method, path (through redact, which hides
// ping uuids and the ping key), status and duration. Query strings and bodies are never logged.
func logRequests(logger *slog.Logger, redact func(string) string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !logger.Enabled(r.Context(), slog.LevelDebug) {
				next.ServeHTTP(w, r)
				return
			}
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			logger.Debug("request", append([]any{"method", r.Method, "path", redact(r.URL.Path), "status", ww.Status(),
				"duration", time.Since(start), "remote", r.RemoteAddr}, respond.LogIDs(r)...)...)
		})
	}
}

// instrument counts every request in checkin_http_requests_total and its duration, labelled
// with the route pattern that matched ("unmatched" when none did), never the raw path.
func instrument(m *metrics.Gateway) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			code := ww.Status()
			if code == 0 {
				code = http.StatusOK
			}
			m.ObserveRequest(route, code, time.Since(start))
		})
	}
}

// recoverer turns a panic in a handler into a logged error and a JSON 500.
func recoverer(logger *slog.Logger, redact func(string) string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					logger.Error("handler panicked", append([]any{"method", r.Method, "path", redact(r.URL.Path),
						"panic", p}, respond.LogIDs(r)...)...)
					respond.JSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
