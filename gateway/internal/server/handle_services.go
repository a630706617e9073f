package server

import (
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// handleServices lists every configured service with its state, by name.
func handleServices(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cfg := d.Config()
		out := make([]checkin.State, 0, cfg.Len())
		for _, name := range cfg.Names() {
			st, err := serviceState(r.Context(), d, cfg.Service(name))
			if err != nil {
				writeError(w, r, d.Logger, err)
				return
			}
			out = append(out, st)
		}
		writeJSON(w, http.StatusOK, out)
	}
}
