package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/clientaddr"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// gateway is what `serve` opens before it listens: the configuration in force, the database,
// the metrics registry, the TLS certificate and the tokens.
type gateway struct {
	log       *slog.Logger
	config    *atomic.Pointer[config.Config] // swapped on reload
	db        gatewayStore
	retention retention.Policy
	registry  *prometheus.Registry
	reloads   *metrics.Reloads
	certs     *tlscert.Certificate // nil without TLS

	readToken, metricsToken string
	pingKey                 string
	series                  metrics.ServiceSeries // which services get series of their own
	trusted                 clientaddr.Trusted    // proxies whose forwarding headers are believed
}

// open checks the flags, loads services.json and the TLS files, opens the database and reads
// the token files (refusing short ones). On error, nothing is left open.
func (s *serveCmd) open(ctx context.Context, log *slog.Logger) (*gateway, error) {
	gw := &gateway{log: log, config: new(atomic.Pointer[config.Config])}
	var err error
	if gw.retention, err = s.retentionPolicy(); err != nil {
		return nil, err
	}
	if gw.trusted, err = clientaddr.ParseTrusted(s.TrustedProxies); err != nil {
		return nil, fmt.Errorf("--trusted-proxies: %w", err)
	}
	if gw.series, err = metrics.ParseServiceSeries(s.MetricsServices); err != nil {
		return nil, fmt.Errorf("--metrics-services: %w", err)
	}
	cfg, err := config.LoadFile(s.Config)
	if err != nil {
		return nil, err
	}
	gw.config.Store(cfg)
	config.FindOversights(cfg).Log(log, s.Config)
	gw.registry = prometheus.NewRegistry()
	metrics.RegisterProcess(gw.registry, version)
	gw.reloads = metrics.NewReloads(gw.registry, time.Now())
	metrics.RegisterConfigHash(gw.registry, gw.config.Load)
	metrics.RegisterOversights(gw.registry, gw.config.Load)
	if s.TLSCert != "" {
		if gw.certs, err = tlscert.Load(s.TLSCert, s.TLSKey); err != nil {
			return nil, err
		}
	}
	if gw.db, err = s.openStore(ctx, log); err != nil {
		return nil, err
	}
	if gw.readToken, gw.metricsToken, err = s.readTokens(); err != nil {
		gw.close()
		return nil, err
	}
	if gw.pingKey, err = ping.ReadKeyFile(s.PingKeyFile); err != nil {
		gw.close()
		return nil, fmt.Errorf("--ping-key-file: %w", err)
	}
	return gw, nil
}

// startBackground starts the work on the database that runs beside serving: preloading the
// newest check-ins, and retention. The returned function stops it and waits for it to end.
func (gw *gateway) startBackground(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var background sync.WaitGroup
	background.Go(func() {
		if err := gw.db.Warm(ctx, gw.config.Load().Names()); err != nil && ctx.Err() == nil {
			gw.log.Warn("could not preload the newest check-ins", "err", err)
		}
	})
	background.Go(func() { retention.Run(ctx, gw.db, gw.retention, time.Now, gw.log) })
	return func() { cancel(); background.Wait() }
}

// close closes the database, last of all.
func (gw *gateway) close() {
	if err := gw.db.Close(); err != nil {
		gw.log.Error("close database", "err", err)
	}
}
