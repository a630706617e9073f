package metrics

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// RegisterConfigHash registers checkin_config_hash: a number that is equal on two gateways
// exactly when they run the same services with the same rules (names, timeouts, grace times,
// tolerate_failures, owners). Behind a load balancer every gateway must run the same
// services.json; an alert compares the number across them. Tokens are left out: nothing
// derived from a secret goes into a metric (a gateway with other tokens shows as refused
// check-ins instead).
func RegisterConfigHash(reg prometheus.Registerer, cfg func() *config.Config) {
	registerConfigGauge(reg, prometheus.GaugeOpts{
		Name: "checkin_config_hash",
		Help: "A hash of the services and rules in force (not the tokens): equal on gateways that run the same services.json.",
	}, cfg, ConfigHash)
}

// registerConfigGauge registers a gauge whose value is of(the configuration in force), computed
// again only when the configuration changes (at reload), never per scrape.
func registerConfigGauge(reg prometheus.Registerer, opts prometheus.GaugeOpts, cfg func() *config.Config, of func(*config.Config) float64) {
	var mu sync.Mutex
	var last *config.Config
	var value float64
	reg.MustRegister(prometheus.NewGaugeFunc(opts, func() float64 {
		mu.Lock()
		defer mu.Unlock()
		if c := cfg(); c != last {
			last, value = c, of(c)
		}
		return value
	}))
}

// ConfigHash is the first 48 bits of a SHA-256 over the configuration's services and rules, a
// whole number that a float64 holds exactly.
func ConfigHash(c *config.Config) float64 {
	h := sha256.New()
	for _, name := range c.Names() {
		s := c.Service(name)
		fmt.Fprintf(h, "%q timeout=%d grace=%d tolerate_failures=%t owner=%q\n",
			s.Name, s.Timeout, s.Grace, s.TolerateFailures, s.Owner)
	}
	sum := h.Sum(nil)
	return float64(binary.BigEndian.Uint64(sum[:8]) >> 16)
}
