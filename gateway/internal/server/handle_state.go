package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// handleState answers a service's state, named by the path ({name}) or by ?service=.
func handleState(cfg func() *config.Config, db overview.Summaries, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := respond.ServiceName(r)
		if name == "" {
			name = r.URL.Query().Get("service")
			if name == "" {
				respond.Fail(w, r, logger, respond.BadRequest("missing query parameter service, as in ?service=NAME"))
				return
			}
		}
		svc := cfg().Service(name)
		if svc == nil {
			respond.Fail(w, r, logger, respond.NotFound("service %q is not configured", name))
			return
		}
		res, err := overview.Read(r.Context(), db, svc, now())
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		respond.JSON(w, http.StatusOK, wireState(svc, res))
	}
}

// wireState writes a result in the answer's form (overview.Wire, which push mode uses too).
func wireState(svc *config.Service, res state.Result) checkin.State { return overview.Wire(svc, res) }
