package server

import (
	"errors"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// rejectReason names a decoding error for checkin_checkins_rejected_total.
func rejectReason(err error) string {
	var ae *apiError
	if errors.As(err, &ae) && ae.code == http.StatusRequestEntityTooLarge {
		return metrics.ReasonTooLarge
	}
	return metrics.ReasonBadRequest
}

// decoy answers token comparisons for unknown services, so that both cases take the same time.
var decoy = (&config.Service{}).WithToken("unknown service")

// handleCheckin stores a check-in and answers 204 once it is on disk.
func handleCheckin(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, err := decodeCheckin(w, r)
		if err != nil {
			d.Logger.Info("check-in rejected", "reason", err, "remote", r.RemoteAddr, "request_id", requestID(r))
			d.metrics.Rejected(rejectReason(err))
			writeError(w, r, d.Logger, err)
			return
		}
		svc := d.Config().Service(req.Service)
		if svc == nil {
			decoy.Authorize(req.Token)
		}
		if svc == nil || !svc.Authorize(req.Token) {
			d.Logger.Info("check-in rejected", "reason", errUnauthorized, "service", req.Service,
				"remote", r.RemoteAddr, "request_id", requestID(r))
			d.metrics.Rejected(metrics.ReasonUnauthorized)
			writeError(w, r, d.Logger, errUnauthorized)
			return
		}
		c := store.Checkin{Service: svc.Name, Status: req.Status, Info: req.Info, At: d.Now()}
		if err := d.Store.Add(r.Context(), c); err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		d.metrics.Received(svc.Name, req.Status)
		d.Logger.Debug("check-in stored", "service", svc.Name, "status", req.Status, "request_id", requestID(r))
		w.WriteHeader(http.StatusNoContent)
	}
}
