package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/checkinreq"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// checkinAdder is what check-ins need of the store.
type checkinAdder interface {
	Add(ctx context.Context, c storage.Checkin) error
}

// decoy answers token comparisons for unknown services, so that both cases take the same time.
var decoy = (&config.Service{}).WithToken("unknown service")

// errUnauthorized is the one answer for an unknown service and a wrong token, so that the
// answer does not tell which services exist.
var errUnauthorized = &respond.Error{Code: http.StatusUnauthorized, Msg: "unknown service or wrong token"}

// handleCheckin stores a check-in and answers 204 once it is on disk. Failed authentications
// (unknown service, wrong token) count in fails per client address and service, names no
// service has sharing one count per address; a key over the limit gets 429 until its window
// ends. Malformed requests are answered and never counted: they guess nothing.
func handleCheckin(cfg func() *config.Config, db checkinAdder, now func() time.Time,
	fails *limiter.Limiter, rates *ratelimit.Services, m *metrics.Gateway, logger *slog.Logger, rejects *rejectLog) http.HandlerFunc {
	// refuse answers a failed check-in, counts it in checkin_checkins_rejected_total and logs
	// it through rejects with logArgs (never the token).
	refuse := func(w http.ResponseWriter, r *http.Request, err error, logArgs ...any) {
		m.Rejected(rejectReason(err))
		rejects.Info(r, "check-in rejected", append(logArgs, "remote", r.RemoteAddr, "request_id", respond.RequestID(r))...)
		respond.Fail(w, r, logger, err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		req, err := checkinreq.Decode(w, r)
		if err != nil {
			refuse(w, r, err, "reason", err)
			return
		}
		conf := cfg()
		svc := conf.Service(req.Service)
		key := limiter.Key{Client: limiter.ClientKey(r.RemoteAddr)}
		if svc != nil {
			key.Service = svc.Name
		}
		if wait := fails.Wait(key); wait > 0 {
			secs := int(math.Ceil(wait.Seconds()))
			m.Rejected(metrics.ReasonRateLimited)
			// Debug only: the refusal was logged once when it began; a flood must not fill the log.
			logger.Debug("check-in rejected", "reason", "rate limited", "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			respond.Fail(w, r, logger, &respond.Error{Code: http.StatusTooManyRequests,
				Msg: fmt.Sprintf("too many failed check-ins for this service from your address; try again in %d seconds", secs)})
			return
		}
		if svc == nil {
			decoy.Authorize(req.Token)
		}
		if svc == nil || !svc.Authorize(req.Token) {
			fails.Fail(key)
			refuse(w, r, errUnauthorized, refusalLog(conf, svc, req.Service)...)
			return
		}
		if wait, limit := rates.Take(svc.Name, svc.Rate); wait > 0 {
			refuseOverRate(w, r, svc, wait, limit, rejects)
			return
		}
		c := storage.Checkin{Service: svc.Name, Status: req.Status, Info: req.Info, At: now(), Kind: req.Kind, RunID: req.RunID}
		if err := db.Add(r.Context(), c); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		if req.Kind == checkin.KindReport {
			m.Received(svc.Name, req.Status)
		}
		// Checked first: the call would cost its arguments on every check-in even when off.
		if logger.Enabled(r.Context(), slog.LevelDebug) {
			if req.Kind == checkin.KindStart {
				logger.Debug("run start stored", "service", svc.Name, "request_id", respond.RequestID(r))
			} else {
				logger.Debug("check-in stored", "service", svc.Name, "status", req.Status, "request_id", respond.RequestID(r))
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// rejectReason names why a check-in was refused, for checkin_checkins_rejected_total.
func rejectReason(err error) string {
	var ae *respond.Error
	if !errors.As(err, &ae) {
		return metrics.ReasonBadRequest
	}
	switch ae.Code {
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
