package server

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
)

// handleMetrics serves the registry and the services' series in Prometheus' text format.
func handleMetrics(m *metrics.Gateway, reg *prometheus.Registry, logger *slog.Logger) http.Handler {
	return m.Handler(reg, logger)
}
