package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/oversights"
)

// RegisterOversights exports checkin_config_sample_token_services: how many services of the
// configuration in force still use a sample token of the shipped services.json (alert on > 0).
func RegisterOversights(reg prometheus.Registerer, cfg func() *config.Config) {
	registerConfigGauge(reg, prometheus.GaugeOpts{
		Name: "checkin_config_sample_token_services",
		Help: "Services that still use a sample token from the shipped services.json: anyone who read it can check in for them.",
	}, cfg, func(c *config.Config) float64 { return float64(len(oversights.Find(c).SampleTokens)) })
}
