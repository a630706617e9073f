package push

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are push mode's series on the gateway's /metrics.
type metrics struct {
	pushes  *prometheus.CounterVec
	lastOK  atomic.Int64 // Unix nanoseconds of the last successful push; the start until then
	started time.Time
}

func newMetrics(reg prometheus.Registerer, now func() time.Time, pend *pending) *metrics {
	m := &metrics{
		pushes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkin_icinga_pushes_total",
			Help: "Check results pushed to Icinga's API, by result: ok, refused (Icinga answered with an error or ignored it), unreachable (no answer), unknown_object (Icinga has no such Service).",
		}, []string{"result"}),
		started: now(),
	}
	m.lastOK.Store(m.started.UnixNano())
	for _, o := range []Outcome{OK, Refused, Unreachable, UnknownObject} {
		m.pushes.WithLabelValues(string(o))
	}
	reg.MustRegister(m.pushes,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "checkin_icinga_push_pending",
			Help: "Services whose verdict waits to be pushed to Icinga (at most one per service).",
		}, func() float64 { return float64(pend.len()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "checkin_icinga_push_last_success_age_seconds",
			Help: "Seconds since the last push Icinga took (since it began to push while none has yet).",
		}, func() float64 { return now().Sub(time.Unix(0, m.lastOK.Load())).Seconds() }),
	)
	return m
}

func (m *metrics) count(o Outcome, at time.Time) {
	m.pushes.WithLabelValues(string(o)).Inc()
	if o == OK {
		m.lastOK.Store(at.UnixNano())
	}
}
