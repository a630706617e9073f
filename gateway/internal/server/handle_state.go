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

// stateReader is what a service's state needs of the store.
type stateReader interface {
	overview.Summaries
	capPrunedReader
}

// handleState answers a service's state, named by the path ({name}) or by ?service=, with what
// its history size cap deleted (history_cap.go).
func handleState(cfg func() *config.Config, db stateReader, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
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
		answer := wireState(svc, res)
		if err := addCapPruned(r.Context(), db, &answer); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		respond.JSON(w, http.StatusOK, answer)
	}
}

// wireState writes a result in the answer's form (overview.Wire, which push mode uses too).
func wireState(svc *config.Service, res state.Result) checkin.State { return overview.Wire(svc, res) }
