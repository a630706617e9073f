package server

import (
	"net/http"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// History limits: the default and the largest a client may ask for.
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 100000
)

// handleHistory lists a service's check-ins, newest first.
func handleHistory(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := nameParam(r)
		if d.Config().Service(name) == nil {
			writeError(w, r, d.Logger, notFound("service %q is not configured", name))
			return
		}
		limit := defaultHistoryLimit
		if s := r.URL.Query().Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > maxHistoryLimit {
				writeError(w, r, d.Logger, badRequest("query parameter limit must be a whole number from 1 to %d", maxHistoryLimit))
				return
			}
			limit = n
		}
		hist, err := d.Store.History(r.Context(), name, limit)
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		out := make([]checkin.HistoryEntry, len(hist))
		for i, c := range hist {
			out[i] = checkin.HistoryEntry{Status: c.Status, Info: c.Info, Timestamp: c.At.Unix(), ReportedAt: c.At.UTC()}
		}
		writeJSON(w, http.StatusOK, out)
	}
}
