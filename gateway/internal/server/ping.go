package server

import (
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
)

// pingHandler serves the Healthchecks-style ping URLs under /ping/. Wrong ping targets count
// against the same limit as failed check-ins; refused pings are logged through rejects.
func pingHandler(d Deps, fails *limiter.Limiter, rates *ratelimit.Services, m *metrics.Gateway, rejects *rejectLog) http.Handler {
	_, pings := tellStored(d)
	return ping.Handler(ping.Deps{Config: d.Config, Store: pings, Limiter: pingLimiter{fails}, Rates: rates,
		Metrics: m, Logger: d.Logger, LogRejected: rejects.Info, Now: d.Now, Key: d.PingKey})
}

// pingLimiter counts wrong ping targets in the client address's bucket for unknown names, as
// check-ins for unknown services are counted: a right ping target is never refused.
type pingLimiter struct{ l *limiter.Limiter }

func (p pingLimiter) Wait(r *http.Request) time.Duration { return p.l.Wait(unknownTarget(r)) }
func (p pingLimiter) Fail(r *http.Request)               { p.l.Fail(unknownTarget(r)) }

func unknownTarget(r *http.Request) limiter.Key {
	return limiter.Key{Client: limiter.ClientKey(r.RemoteAddr)}
}
