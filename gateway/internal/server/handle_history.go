package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// History limits: the default and the largest a client may ask for.
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 100000
)

// historyReader is what the history endpoint needs of the store.
type historyReader interface {
	History(ctx context.Context, service string, limit int) ([]store.Checkin, error)
}

// handleHistory lists a service's check-ins, newest first.
func handleHistory(cfg func() *config.Config, db historyReader, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := respond.ServiceName(r)
		if cfg().Service(name) == nil {
			respond.Fail(w, r, logger, respond.NotFound("service %q is not configured", name))
			return
		}
		limit := defaultHistoryLimit
		if s := r.URL.Query().Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > maxHistoryLimit {
				respond.Fail(w, r, logger, respond.BadRequest("query parameter limit must be a whole number from 1 to %d", maxHistoryLimit))
				return
			}
			limit = n
		}
		hist, err := db.History(r.Context(), name, limit)
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		out := make([]checkin.HistoryEntry, len(hist))
		for i, c := range hist {
			out[i] = checkin.HistoryEntry{Status: c.Status, Info: c.Info, Timestamp: c.At.Unix(), ReportedAt: c.At.UTC()}
		}
		respond.JSON(w, http.StatusOK, out)
	}
}
