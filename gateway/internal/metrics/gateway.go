// Package metrics is the gateway's Prometheus instrumentation. Every metric goes to a registry
// the caller passes in, never the global one, so tests can build many gateways. The series of
// each service are written by Handler straight from the store's in-memory summaries: a scrape
// never reads the database, and is whole from the first second after a start.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Reasons a check-in is rejected, the values of checkin_checkins_rejected_total's reason label.
const (
	ReasonBadRequest   = "bad_request"
	ReasonUnauthorized = "unauthorized"
	ReasonTooLarge     = "too_large"
	ReasonTimeout      = "timeout"      // the body stopped arriving (408)
	ReasonRateLimited  = "rate_limited" // too many failures from the client's address (429)
)

// rejectReasons are the reasons whose series exist from the start, at 0, so that rate() and
// increase() see the first rejection.
var rejectReasons = []string{ReasonBadRequest, ReasonUnauthorized, ReasonTooLarge, ReasonTimeout, ReasonRateLimited, ReasonOverRate}

// Gateway holds the metrics the HTTP server updates, and writes the per-service series when
// scraped (see Handler).
type Gateway struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	rejected *prometheus.CounterVec
	received *prometheus.CounterVec
	services *services

	rateLimited *prometheus.CounterVec // rate_limited.go
}

// New registers the gateway's metrics with reg. cfg returns the configuration in force; the
// per-service series follow it, so a reload adds and removes services. series says which
// services get series of their own.
func New(reg prometheus.Registerer, cfg func() *config.Config, st Store, now func() time.Time, series ServiceSeries) *Gateway {
	g := &Gateway{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkin_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "checkin_http_request_duration_seconds",
			Help:    "Time taken to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkin_checkins_rejected_total",
			Help: "Check-ins refused and not stored, by reason.",
		}, []string{"reason"}),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkin_checkins_received_total",
			Help: "Check-ins stored since the gateway started, by reported status.",
		}, []string{"status"}),
		services: &services{cfg: cfg, store: st, now: now, series: series},

		rateLimited: newRateLimited(),
	}
	for _, r := range rejectReasons {
		g.rejected.WithLabelValues(r)
	}
	for s := checkin.OK; s <= checkin.Unknown; s++ {
		g.received.WithLabelValues(s.String())
	}
	reg.MustRegister(g.requests, g.duration, g.rejected, g.received, g.rateLimited)
	return g
}

// ObserveRequest counts one answered request. route is the router's pattern, never the raw
// path, so that the number of series stays bounded.
func (g *Gateway) ObserveRequest(route string, code int, took time.Duration) {
	g.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	g.duration.WithLabelValues(route).Observe(took.Seconds())
}

// Received counts a stored check-in of a configured service.
func (g *Gateway) Received(service string, status checkin.Status) {
	if status.Valid() {
		g.received.WithLabelValues(status.String()).Inc()
	}
}

// Rejected counts a refused check-in.
func (g *Gateway) Rejected(reason string) { g.rejected.WithLabelValues(reason).Inc() }
