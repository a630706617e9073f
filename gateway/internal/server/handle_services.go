package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// handleServices lists every configured service with its state, by name.
func handleServices(cfg func() *config.Config, db latestReader, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := cfg()
		out := make([]checkin.State, 0, c.Len())
		for _, name := range c.Names() {
			svc := c.Service(name)
			res, err := evaluate(r.Context(), db, svc, now())
			if err != nil {
				respond.Fail(w, r, logger, err)
				return
			}
			out = append(out, wireState(svc, res))
		}
		respond.JSON(w, http.StatusOK, out)
	}
}
