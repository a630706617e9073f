package metrics

import "github.com/prometheus/client_golang/prometheus"

// ReasonOverRate is checkin_checkins_rejected_total's reason for a check-in or ping of a
// service over its rate (services.json "rate", --rate): 429.
const ReasonOverRate = "over_rate"

// newRateLimited is checkin_checkins_rate_limited_total. A service gets a series at its first
// refusal: most never have one, and the series stay bounded by the services configured.
func newRateLimited() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "checkin_checkins_rate_limited_total",
		Help: "Check-ins and pings of a service refused (429, not stored) because the service was over its rate.",
	}, []string{"service"})
}

// RateLimited counts a check-in or ping refused because its service was over its rate.
func (g *Gateway) RateLimited(service string) {
	g.rejected.WithLabelValues(ReasonOverRate).Inc()
	g.rateLimited.WithLabelValues(service).Inc()
}
