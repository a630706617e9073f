package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// RegisterOversights exports checkin_config_sample_token_services: how many services of the
// configuration in force still use a sample token of the shipped services.json (alert on > 0),
// found again only when the configuration changes.
func RegisterOversights(reg prometheus.Registerer, cfg func() *config.Config) {
	var mu sync.Mutex
	var last *config.Config
	var value float64
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "checkin_config_sample_token_services",
		Help: "Services that still use a sample token from the shipped services.json: anyone who read it can check in for them.",
	}, func() float64 {
		mu.Lock()
		defer mu.Unlock()
		if c := cfg(); c != last {
			last, value = c, float64(len(config.FindOversights(c).SampleTokens))
		}
		return value
	}))
}
