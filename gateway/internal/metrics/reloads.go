package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Reloads records the outcome of configuration reloads.
type Reloads struct {
	total     *prometheus.CounterVec
	success   prometheus.Gauge
	timestamp prometheus.Gauge
}

// NewReloads registers the reload metrics. The configuration loaded at start counts as a
// successful load at loadedAt (as the last-reload gauges go) but not as a reload.
func NewReloads(reg prometheus.Registerer, loadedAt time.Time) *Reloads {
	r := &Reloads{
		total: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkin_config_reloads_total",
			Help: "Configuration reloads (SIGHUP), by whether the new file was taken.",
		}, []string{"success"}),
		success: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "checkin_config_last_reload_success",
			Help: "1 when the newest configuration load succeeded, 0 when the old configuration is still in force after a failed one.",
		}),
		timestamp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "checkin_config_last_reload_timestamp_seconds",
			Help: "Unix time of the newest configuration load, successful or not.",
		}),
	}
	r.total.WithLabelValues("true")
	r.total.WithLabelValues("false")
	r.success.Set(1)
	r.timestamp.Set(float64(loadedAt.UnixNano()) / 1e9)
	reg.MustRegister(r.total, r.success, r.timestamp)
	return r
}

// Record counts one reload attempt at time at.
func (r *Reloads) Record(ok bool, at time.Time) {
	if ok {
		r.total.WithLabelValues("true").Inc()
	} else {
		r.total.WithLabelValues("false").Inc()
	}
	r.success.Set(boolValue(ok))
	r.timestamp.Set(float64(at.UnixNano()) / 1e9)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
