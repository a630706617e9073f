package daemon

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/leader"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/push"
)

// election picks the one gateway that pushes among those sharing a database, and tells it of
// every check-in any of them stores (leader.Leader).
type election interface {
	Lead(ctx context.Context, term leader.Term, stored func(service string))
}

// storeIdentity names the database the gateway stores in (the engines' StoreID): the same on
// every gateway sharing it, another on each SQLite file. It labels checkin_push_leader, so that
// the leaders can be summed per store.
type storeIdentity interface {
	StoreID(ctx context.Context) (string, error)
}

// pushElection is the election on PostgreSQL; nil on SQLite, where the gateway is alone and
// always pushes.
func (c Config) pushElection(gw *gateway) (election, error) {
	if !c.DB.IsPostgres() {
		return nil, nil
	}
	l, err := leader.New(c.DB.PostgresURL(), gw.log)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// leaderMetrics say whether this gateway pushes.
type leaderMetrics struct {
	leader prometheus.Gauge
	terms  prometheus.Counter
}

func newLeaderMetrics(reg prometheus.Registerer, store string) leaderMetrics {
	m := leaderMetrics{
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Name:        "checkin_push_leader",
			Help:        "1 on the gateway that pushes to Icinga; 0 on the others sharing its database (the same store label), which leave it to that one.",
			ConstLabels: prometheus.Labels{"store": store},
		}),
		terms: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "checkin_push_leader_terms_total",
			Help: "Times this gateway became the one that pushes to Icinga (each time it resyncs every service).",
		}),
	}
	reg.MustRegister(m.leader, m.terms)
	return m
}

// runPush runs p until ctx ends: at once when e is nil (SQLite), else whenever this gateway
// leads, with the check-ins of every gateway. store is the database's id (storeIdentity).
func runPush(ctx context.Context, gw *gateway, p *push.Pusher, e election, store string) {
	m := newLeaderMetrics(gw.registry, store)
	if e == nil {
		m.leader.Set(1)
		m.terms.Inc()
		p.Run(ctx, push.Alone)
		return
	}
	e.Lead(ctx, func(ctx context.Context, lease *leader.Lease) []string {
		gw.log.Info("icinga push: this gateway pushes now (the leader among those sharing the database)", "store", store)
		m.leader.Set(1)
		m.terms.Inc()
		late := p.Run(ctx, lease)
		m.leader.Set(0)
		gw.log.Info("icinga push: this gateway no longer pushes")
		return late
	}, p.Stored)
}
