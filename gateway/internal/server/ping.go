package server

import (
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
)

// pingHandler serves the Healthchecks-style ping URLs under /ping/. Wrong ping targets count
// against the same limit as failed check-ins.
func pingHandler(d Deps) http.Handler {
	return ping.Handler(ping.Deps{Config: d.Config, Store: d.Store, Limiter: pingLimiter{d.limiter},
		Metrics: d.metrics, Logger: d.Logger, Now: d.Now, Key: d.PingKey})
}

// pingLimiter counts wrong ping targets by the client's address, as failLimiter counts check-ins.
type pingLimiter struct{ l *failLimiter }

func (p pingLimiter) Wait(r *http.Request) time.Duration { return p.l.wait(clientKey(r.RemoteAddr)) }
func (p pingLimiter) Fail(r *http.Request)               { p.l.fail(clientKey(r.RemoteAddr)) }
