package server

import (
	"context"
	"net/http"
	"time"
)

// handleAlive answers 204 while the database answers, and 503 with the reason when it does not.
func handleAlive(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := d.Store.Ping(ctx); err != nil {
			d.Logger.Warn("liveness check failed", "err", err)
			writeError(w, r, d.Logger, &apiError{http.StatusServiceUnavailable, "database unavailable: " + err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
