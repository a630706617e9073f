package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// pinger is what /alive needs of the store.
type pinger interface {
	Ping(ctx context.Context) error
}

// handleAlive answers 204 while the database can be read and written, and 503 "database
// unavailable" when it cannot. The reason goes to the log (the store logs it once); the answer
// never carries database messages or paths, since /alive is open to everyone.
func handleAlive(db pinger, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			logger.Debug("liveness check failed", "err", err)
			var reason *respond.Error // a reason meant for everyone, such as a full disk
			if errors.As(err, &reason) {
				respond.Fail(w, r, logger, reason)
				return
			}
			respond.Fail(w, r, logger, &respond.Error{Code: http.StatusServiceUnavailable, Msg: "database unavailable"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
