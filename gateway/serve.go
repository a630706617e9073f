package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/server"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// shutdownTimeout is how long in-flight requests get to finish after SIGTERM.
const shutdownTimeout = 10 * time.Second

type serveCmd struct {
	Listen string `help:"Address to listen on." default:"127.0.0.1:5000" env:"CHECKIN_LISTEN"`
	Config string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	storeFlags

	Retention     string `help:"Delete check-ins older than this (e.g. 400d, 8w); 0 keeps them forever." default:"400d" env:"CHECKIN_RETENTION"`
	RetentionKeep int    `help:"Always keep at least this many of each service's newest check-ins." default:"100" env:"CHECKIN_RETENTION_KEEP"`

	TLSCert string `help:"Serve HTTPS with this PEM certificate (chain) file; needs --tls-key. Re-read on SIGHUP." env:"CHECKIN_TLS_CERT" type:"path" and:"tls"`
	TLSKey  string `help:"The PEM private key of --tls-cert." env:"CHECKIN_TLS_KEY" type:"path" and:"tls"`

	ReadTokenFile    string `help:"File holding a token that every read (state, history, status page, metrics) must send as Authorization: Bearer. Check-ins and /alive stay open." env:"CHECKIN_READ_TOKEN_FILE" type:"path"`
	MetricsTokenFile string `help:"File holding a token that /metrics also accepts (for Prometheus)." env:"CHECKIN_METRICS_TOKEN_FILE" type:"path"`

	AuthFailLimit  int           `help:"Failed check-ins one client address may send per window before its check-ins get 429 (wrong read tokens are limited the same way, counted apart); 0 turns the limits off." default:"10" env:"CHECKIN_AUTH_FAIL_LIMIT"`
	AuthFailWindow time.Duration `help:"The window of --auth-fail-limit, and the longest a client is refused." default:"1m" env:"CHECKIN_AUTH_FAIL_WINDOW"`

	timeouts
}

// timeouts bound how long a client may hold a connection; they keep slow or stuck clients from
// tying up the gateway.
type timeouts struct {
	ReadHeaderTimeout time.Duration `help:"Longest time to receive a request's headers." default:"10s" env:"CHECKIN_READ_HEADER_TIMEOUT"`
	ReadTimeout       time.Duration `help:"Longest time to receive a whole request, body included." default:"30s" env:"CHECKIN_READ_TIMEOUT"`
	WriteTimeout      time.Duration `help:"Longest time from the end of a request's headers to the end of its answer." default:"30s" env:"CHECKIN_WRITE_TIMEOUT"`
	IdleTimeout       time.Duration `help:"How long an idle keep-alive connection stays open." default:"2m" env:"CHECKIN_IDLE_TIMEOUT"`
}

// Run serves until ctx ends, then stops accepting, lets in-flight requests finish and closes the
// database.
func (s *serveCmd) Run(ctx context.Context, g *globals) error {
	log := g.logger
	pol, err := s.retentionPolicy()
	if err != nil {
		return err
	}
	cfg, err := config.LoadFile(s.Config)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	metrics.RegisterProcess(reg, version)
	reloads := metrics.NewReloads(reg, time.Now())
	var current atomic.Pointer[config.Config]
	current.Store(cfg)
	metrics.RegisterConfigHash(reg, current.Load)
	var certs *tlscert.Certificate
	if s.TLSCert != "" {
		if certs, err = tlscert.Load(s.TLSCert, s.TLSKey); err != nil {
			return err
		}
	}

	st, err := s.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()

	readToken, err := checkin.ReadTokenFile(s.ReadTokenFile)
	if err != nil {
		return fmt.Errorf("--read-token-file: %w", err)
	}
	metricsToken, err := checkin.ReadTokenFile(s.MetricsTokenFile)
	if err != nil {
		return fmt.Errorf("--metrics-token-file: %w", err)
	}

	ln, err := net.Listen("tcp", s.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	drain := newDrainer(ln)
	srv := s.timeouts.server(drain.handler(server.New(server.Deps{
		Config:         current.Load,
		Store:          st,
		Now:            time.Now,
		Logger:         log,
		Registry:       reg,
		AuthFailLimit:  s.AuthFailLimit,
		AuthFailWindow: s.AuthFailWindow,
		ReadToken:      readToken,
		MetricsToken:   metricsToken,
	})), log)
	srv.ConnState = drain.track

	reloadDone := s.reloadOnHUP(ctx, g, &current, reloads.Record, certs)
	defer reloadDone()

	// Background work on the database ends before it is closed (defers run last first).
	bgCtx, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer background.Wait()
	defer stopBackground()
	background.Go(func() {
		if err := st.Warm(bgCtx, cfg.Names()); err != nil && bgCtx.Err() == nil {
			log.Warn("could not preload the newest check-ins", "err", err)
		}
	})
	background.Go(func() { retention.Run(bgCtx, st, pol, time.Now, log) })

	serveErr := make(chan error, 1)
	if certs != nil {
		srv.TLSConfig = certs.Config()
		go func() { serveErr <- srv.ServeTLS(drain.listener(), "", "") }()
	} else {
		go func() { serveErr <- srv.Serve(drain.listener()) }()
	}
	log.Info("gateway started", "listen", ln.Addr().String(), "tls", certs != nil, "config", s.Config,
		"db", s.DB, "services", cfg.Len(), "read_protected", readToken != "", "version", version)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := drain.stop(sctx, srv); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// Serve ends when the drainer closes the listener, or with ErrServerClosed.
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// server is the HTTP server with these timeouts. Errors of the HTTP layer (malformed requests,
// TLS handshakes) go to the log at debug level.
func (t timeouts) server(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeaderTimeout,
		ReadTimeout:       t.ReadTimeout,
		WriteTimeout:      t.WriteTimeout,
		IdleTimeout:       t.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

// reloadOnHUP re-reads services.json, and the TLS files when certs is not nil, on SIGHUP. An
// invalid file leaves the old configuration or certificate in force. Each configuration
// reload's outcome goes to record. The returned function stops listening for the signal.
func (s *serveCmd) reloadOnHUP(ctx context.Context, g *globals, current *atomic.Pointer[config.Config],
	record func(ok bool, at time.Time), certs *tlscert.Certificate) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-hup:
				s.reloadTLS(g, certs)
				cfg, err := config.LoadFile(s.Config)
				record(err == nil, time.Now())
				if err != nil {
					g.logger.Error("reload failed; keeping the old configuration", "err", err)
					continue
				}
				current.Store(cfg)
				g.logger.Info("configuration reloaded", "services", cfg.Len())
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// reloadTLS re-reads the TLS certificate and key, keeping the old ones when the new files are bad.
func (s *serveCmd) reloadTLS(g *globals, certs *tlscert.Certificate) {
	if certs == nil {
		return
	}
	if err := certs.Reload(); err != nil {
		g.logger.Error("TLS reload failed; keeping the old certificate", "err", err)
		return
	}
	g.logger.Info("TLS certificate reloaded", "not_after", certs.NotAfter().UTC().Format(time.RFC3339))
}
