package server

import (
	"context"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// handleState answers a service's state, named by the path ({name}) or by ?service=.
func handleState(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := nameParam(r)
		if name == "" {
			name = r.URL.Query().Get("service")
			if name == "" {
				writeError(w, r, d.Logger, badRequest("missing query parameter service, as in ?service=NAME"))
				return
			}
		}
		svc := d.Config().Service(name)
		if svc == nil {
			writeError(w, r, d.Logger, notFound("service %q is not configured", name))
			return
		}
		st, err := serviceState(r.Context(), d, svc)
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	}
}

// evaluate reads a service's newest reports and applies the state rules at the current time.
func evaluate(ctx context.Context, d Deps, svc *config.Service) (state.Result, error) {
	latest, latestOK, err := d.Store.Latest(ctx, svc.Name)
	if err != nil {
		return state.Result{}, err
	}
	return state.Evaluate(svc, state.History{Latest: latest.Report(), LatestOK: latestOK.Report()}, d.Now()), nil
}

func serviceState(ctx context.Context, d Deps, svc *config.Service) (checkin.State, error) {
	res, err := evaluate(ctx, d, svc)
	if err != nil {
		return checkin.State{}, err
	}
	return wireState(svc, res), nil
}

// wireState writes a result in the answer's form.
func wireState(svc *config.Service, res state.Result) checkin.State {
	st := checkin.State{
		Service:        svc.Name,
		Status:         res.Status,
		Info:           res.Info(),
		TimeoutSeconds: int64(res.Timeout / time.Second),
		GraceSeconds:   int64(res.Grace / time.Second),
		Overdue:        res.IsOverdue(),
		Owner:          svc.Owner,
	}
	if !res.Latest.None() {
		at := res.Latest.At.UTC()
		status := res.Latest.Status
		age := int64(res.Age / time.Second)
		st.Timestamp = at.Unix()
		st.ReportedStatus, st.ReportedAt, st.AgeSeconds = &status, &at, &age
	}
	return st
}
