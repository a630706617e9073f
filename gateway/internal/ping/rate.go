package ping

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

// Rates limits how often a service may have pings stored, shared with its check-ins. Take
// takes one from the service's rate (own, or the gateway's when nil); a positive wait says it
// is over limit (and is counted).
type Rates interface {
	Take(service string, own *ratelimit.Rate) (wait time.Duration, limit ratelimit.Rate)
}

// overRate answers a ping of svc over its rate: 429 with Retry-After, nothing stored.
func (h *handler) overRate(w http.ResponseWriter, r *http.Request, svc *config.Service, wait time.Duration, limit ratelimit.Rate) {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	h.LogRejected(r, "ping rejected", "reason", "the service is over its rate", "service", svc.Name, "rate", limit.String(),
		"remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	answer(w, http.StatusTooManyRequests, fmt.Sprintf(
		"service %q is over its rate of %s pings and check-ins (services.json \"rate\", or --rate); not stored; try again in %d seconds",
		svc.Name, limit, secs))
}

type noRates struct{}

func (noRates) Take(string, *ratelimit.Rate) (time.Duration, ratelimit.Rate) {
	return 0, ratelimit.Rate{}
}
