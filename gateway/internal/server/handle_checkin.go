package server

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// decoy answers token comparisons for unknown services, so that both cases take the same time.
var decoy = (&config.Service{}).WithToken("unknown service")

// handleCheckin stores a check-in and answers 204 once it is on disk. A client address that
// sent too many failed check-ins lately gets 429 until its window ends.
func handleCheckin(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		client := clientKey(r.RemoteAddr)
		if wait := d.limiter.wait(client); wait > 0 {
			secs := int(math.Ceil(wait.Seconds()))
			d.metrics.Rejected(metrics.ReasonRateLimited)
			// Debug only: the failures that led here were logged, and a flood must not fill the log.
			d.Logger.Debug("check-in rejected", "reason", "rate limited", "remote", r.RemoteAddr, "request_id", requestID(r))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeError(w, r, d.Logger, &apiError{http.StatusTooManyRequests,
				fmt.Sprintf("too many failed check-ins from your address; try again in %d seconds", secs)})
			return
		}
		req, err := decodeCheckin(w, r)
		if err != nil {
			refuse(w, r, d, client, err, "reason", err)
			return
		}
		svc := d.Config().Service(req.Service)
		if svc == nil {
			decoy.Authorize(req.Token)
		}
		if svc == nil || !svc.Authorize(req.Token) {
			refuse(w, r, d, client, errUnauthorized, "reason", errUnauthorized, "service", req.Service)
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

// refuse answers a failed check-in: it counts against the client's address and in
// checkin_checkins_rejected_total, and is logged with logArgs (never the token).
func refuse(w http.ResponseWriter, r *http.Request, d Deps, client string, err error, logArgs ...any) {
	d.limiter.fail(client)
	d.metrics.Rejected(rejectReason(err))
	d.Logger.Info("check-in rejected", append(logArgs, "remote", r.RemoteAddr, "request_id", requestID(r))...)
	writeError(w, r, d.Logger, err)
}

// rejectReason names why a check-in was refused, for checkin_checkins_rejected_total.
func rejectReason(err error) string {
	var ae *apiError
	if !errors.As(err, &ae) {
		return metrics.ReasonBadRequest
	}
	switch ae.code {
	case http.StatusUnauthorized:
		return metrics.ReasonUnauthorized
	case http.StatusRequestEntityTooLarge:
		return metrics.ReasonTooLarge
	case http.StatusRequestTimeout:
		return metrics.ReasonTimeout
	default:
		return metrics.ReasonBadRequest
	}
}
