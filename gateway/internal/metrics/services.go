package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// scrapeTimeout bounds the database reads of one scrape.
const scrapeTimeout = 5 * time.Second

var (
	descState = prometheus.NewDesc("checkin_service_state",
		"State as Icinga sees it now: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", []string{"service"}, nil)
	descReported = prometheus.NewDesc("checkin_service_reported_status",
		"Status of the newest check-in: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Absent when the service never checked in.", []string{"service"}, nil)
	descLast = prometheus.NewDesc("checkin_service_last_checkin_timestamp_seconds",
		"Unix time of the newest check-in. Absent when the service never checked in.", []string{"service"}, nil)
	descTimeout = prometheus.NewDesc("checkin_service_timeout_seconds",
		"How long a check-in stays valid; 0 means never overdue.", []string{"service"}, nil)
	descGrace = prometheus.NewDesc("checkin_service_grace_seconds",
		"How long an overdue service stays WARNING before it turns CRITICAL.", []string{"service"}, nil)
	descOverdue = prometheus.NewDesc("checkin_service_overdue",
		"1 when the newest check-in is older than the timeout, else 0.", []string{"service"}, nil)
	descReceived = prometheus.NewDesc("checkin_checkins_received_total",
		"Check-ins stored since the gateway started, by service and reported status.", []string{"service", "status"}, nil)
	descDBSize = prometheus.NewDesc("checkin_database_size_bytes",
		"Size of the database on disk: the main file plus its write-ahead log.", nil, nil)
	descDBUp = prometheus.NewDesc("checkin_database_up",
		"1 when every database read of this scrape succeeded, else 0 (and the failed services' series are missing).", nil, nil)
)

// services computes the per-service series when scraped, from the configuration in force and
// the newest check-ins, so that a service turns overdue without any new check-in.
type services struct {
	cfg      func() *config.Config
	store    Store
	now      func() time.Time
	received *receivedCounts
}

func (s *services) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descState, descReported, descLast, descTimeout, descGrace,
		descOverdue, descReceived, descDBSize, descDBUp} {
		ch <- d
	}
}

func (s *services) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	up := 1.0
	cfg, now := s.cfg(), s.now()
	for _, name := range cfg.Names() {
		svc := cfg.Service(name)
		latest, latestOK, err := s.store.Latest(ctx, name)
		if err != nil {
			up = 0
			continue
		}
		res := state.Evaluate(svc, state.History{Latest: latest.Report(), LatestOK: latestOK.Report()}, now)
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, name)
		}
		gauge(descState, float64(res.Status))
		if !res.Latest.None() {
			gauge(descReported, float64(res.Latest.Status))
			gauge(descLast, float64(res.Latest.At.UnixNano())/1e9)
		}
		gauge(descTimeout, svc.Timeout.Seconds())
		gauge(descGrace, svc.Grace.Seconds())
		gauge(descOverdue, boolValue(res.IsOverdue()))
		counts := s.received.get(name)
		for st := checkin.OK; st <= checkin.Unknown; st++ {
			ch <- prometheus.MustNewConstMetric(descReceived, prometheus.CounterValue, float64(counts[st]), name, st.String())
		}
	}
	if size, err := s.store.Size(); err == nil {
		ch <- prometheus.MustNewConstMetric(descDBSize, prometheus.GaugeValue, float64(size))
	} else {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(descDBUp, prometheus.GaugeValue, up)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
