package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// pinger is what /alive needs of the store.
type pinger interface {
	Ping(ctx context.Context) error
}

// handleAlive answers 204 while the database answers, and 503 with the reason when it does not.
func handleAlive(db pinger, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			logger.Warn("liveness check failed", "err", err)
			respond.Fail(w, r, logger, &respond.Error{Code: http.StatusServiceUnavailable, Msg: "database unavailable: " + err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
