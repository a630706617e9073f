package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// retryAfter is wait in whole seconds, rounded up, for Retry-After.
func retryAfter(wait time.Duration) int { return max(1, int(math.Ceil(wait.Seconds()))) }

// refuseOverRate answers a check-in of svc over its rate: 429, Retry-After and a JSON error
// naming the limit.
func refuseOverRate(w http.ResponseWriter, r *http.Request, svc *config.Service, wait time.Duration, limit ratelimit.Rate, rejects *rejectLog) {
	secs := retryAfter(wait)
	rejects.Info(r, "check-in rejected", "reason", "the service is over its rate", "service", svc.Name, "rate", limit.String(),
		"remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	respond.Fail(w, r, rejects.logger, &respond.Error{Code: http.StatusTooManyRequests, Msg: fmt.Sprintf(
		"service %q is over its rate of %s check-ins (services.json \"rate\", or --rate); not stored; try again in %d seconds",
		svc.Name, limit, secs)})
}
