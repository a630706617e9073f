package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// serviceRates limits how often each service may have check-ins and pings stored: its
// services.json "rate", or the gateway's (Deps.Rate). Only check-ins that passed every other
// check count: a wrong token never uses up a service's rate.
type serviceRates struct {
	limits *ratelimit.Limits
	def    config.Rate
	m      *metrics.Gateway
}

func newServiceRates(def config.Rate, now func() time.Time, m *metrics.Gateway) *serviceRates {
	return &serviceRates{limits: ratelimit.New(now), def: def, m: m}
}

// Take takes one from svc's rate. When svc is over it, it returns how long until the next
// check-in may be stored (at least a second, as Retry-After counts) and the limit in force,
// and counts the refusal.
func (s *serviceRates) Take(svc *config.Service) (wait time.Duration, limit config.Rate) {
	limit = s.def
	if svc.Rate != nil {
		limit = *svc.Rate
	}
	wait = s.limits.Take(svc.Name, limit.Every, limit.Burst)
	if wait > 0 {
		s.m.RateLimited(svc.Name)
	}
	return wait, limit
}

// retryAfter is wait in whole seconds, rounded up, for Retry-After.
func retryAfter(wait time.Duration) int { return max(1, int(math.Ceil(wait.Seconds()))) }

// refuseOverRate answers a check-in of svc over its rate: 429, Retry-After and a JSON error
// naming the limit.
func refuseOverRate(w http.ResponseWriter, r *http.Request, svc *config.Service, wait time.Duration, limit config.Rate, rejects *rejectLog) {
	secs := retryAfter(wait)
	rejects.Info(r, "check-in rejected", "reason", "the service is over its rate", "service", svc.Name, "rate", limit.String(),
		"remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	respond.Fail(w, r, rejects.logger, &respond.Error{Code: http.StatusTooManyRequests, Msg: fmt.Sprintf(
		"service %q is over its rate of %s check-ins (services.json \"rate\", or --rate); not stored; try again in %d seconds",
		svc.Name, limit, secs)})
}
