package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/clientaddr"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/oversights"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/diskfloor"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/historycap"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/listen"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// gateway is what `serve` opens before it listens: the configuration in force, the database,
// the metrics registry, the TLS certificate and the tokens.
type gateway struct {
	log        *slog.Logger
	config     *atomic.Pointer[config.Config] // swapped on reload
	db         Store
	retention  retention.Policy
	caps       *historycap.Enforcer // history_cap.go
	floor      *diskfloor.Floor     // space_floor.go; nil for none
	registry   *prometheus.Registry
	reloads    *metrics.Reloads
	certs      *tlscert.Certificate // nil without TLS
	lastReload *reloadNotice        // the status pages' banner after a failed reload

	readToken, metricsToken string
	pingKey                 string
	series                  metrics.ServiceSeries // which services get series of their own
	trusted                 clientaddr.Trusted    // proxies whose forwarding headers are believed
	rate                    ratelimit.Rate        // of services that set none
	maxConns                int                   // open at once; 0: no cap (listen.CapTotalConns)
	stored                  func(service string)  // push mode's, told of each stored check-in; nil without
}

// open checks the flags, loads services.json and the TLS files, opens the database and reads
// the token files (refusing short ones). On error, nothing is left open.
func (c Config) open(ctx context.Context, log *slog.Logger) (*gateway, error) {
	gw := &gateway{log: log, config: new(atomic.Pointer[config.Config])}
	var err error
	if gw.retention, err = c.retentionPolicy(); err != nil {
		return nil, err
	}
	maxBytes, err := c.historyMaxBytes()
	if err != nil {
		return nil, err
	}
	if gw.floor, err = c.spaceFloor(log); err != nil {
		return nil, err
	}
	if gw.trusted, err = clientaddr.ParseTrusted(c.TrustedProxies); err != nil {
		return nil, fmt.Errorf("--trusted-proxies: %w", err)
	}
	if gw.series, err = metrics.ParseServiceSeries(c.MetricsServices); err != nil {
		return nil, fmt.Errorf("--metrics-services: %w", err)
	}
	if gw.rate, err = ratelimit.Parse(c.Rate); err != nil {
		return nil, fmt.Errorf("--rate: %w", err)
	}
	if gw.maxConns, err = listen.MaxConns(c.MaxConns); err != nil {
		return nil, fmt.Errorf("--max-conns: %w", err)
	}
	// The secrets' files first: a wrong one stops the start before a database file is created.
	if gw.readToken, gw.metricsToken, err = c.readTokens(); err != nil {
		return nil, err
	}
	if gw.pingKey, err = ReadPingKeyFile(log, c.PingKeyFile); err != nil {
		return nil, err
	}
	if gw.db, err = c.loadConfigAndStore(ctx, gw); err != nil {
		return nil, err
	}
	gw.caps = historycap.New(gw.db, gw.config.Load, maxBytes, time.Now, log)
	return gw, nil
}

// loadConfigAndStore loads services.json (and the TLS files) while the database opens: at
// 100,000 services each takes about half a second, and neither needs the other. A database
// that does not exist yet is created only once services.json has proved valid, as before.
func (c Config) loadConfigAndStore(ctx context.Context, gw *gateway) (Store, error) {
	if !c.DB.IsPostgres() {
		path, err := c.DB.SQLitePath()
		if err == nil && !fileExists(path) {
			if err := c.loadConfig(gw); err != nil {
				return nil, err
			}
			return OpenStore(ctx, c.DB, c.storeOptions(), gw.log)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type opened struct {
		db  Store
		err error
	}
	done := make(chan opened, 1)
	go func() {
		db, err := OpenStore(ctx, c.DB, c.storeOptions(), gw.log)
		done <- opened{db, err}
	}()
	err := c.loadConfig(gw)
	if err != nil {
		cancel() // no waiting --db-wait for PostgreSQL when services.json is wrong
	}
	o := <-done
	if err != nil {
		if o.err == nil {
			o.db.Close()
		}
		return nil, err
	}
	return o.db, o.err
}

// loadConfig loads services.json and the TLS files and registers the metrics that read the
// configuration.
func (c Config) loadConfig(gw *gateway) error {
	cfg, err := config.LoadFile(c.Config)
	if err != nil {
		return err
	}
	gw.config.Store(cfg)
	oversights.Find(cfg).Log(gw.log, c.Config)
	gw.registry = prometheus.NewRegistry()
	metrics.RegisterProcess(gw.registry, c.Version)
	gw.reloads = metrics.NewReloads(gw.registry, time.Now())
	gw.lastReload = new(reloadNotice)
	metrics.RegisterConfigHash(gw.registry, gw.config.Load)
	metrics.RegisterOversights(gw.registry, gw.config.Load)
	if c.TLSCert != "" {
		if gw.certs, err = tlscert.Load(c.TLSCert, c.TLSKey); err != nil {
			return err
		}
	}
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// startBackground starts the work on the database that runs beside serving: retention. The returned function stops it and waits for it to end.
func (gw *gateway) startBackground(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var background sync.WaitGroup
	background.Go(func() { retention.Run(ctx, gw.db, gw.retention, time.Now, gw.log) })
	background.Go(func() { gw.caps.Run(ctx, time.Minute, func() []string { return gw.config.Load().Names() }) })
	return func() { cancel(); background.Wait() }
}

// close closes the database, last of all.
func (gw *gateway) close() {
	if err := gw.db.Close(); err != nil {
		gw.log.Error("close database", "err", err)
	}
}
