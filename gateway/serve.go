package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/server"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// shutdownTimeout is how long in-flight requests get to finish after SIGTERM.
const shutdownTimeout = 10 * time.Second

type serveCmd struct {
	Listen string `help:"Address to listen on." default:"127.0.0.1:5000" env:"CHECKIN_LISTEN"`
	Config string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	DB     string `help:"The SQLite database file; its folder is created if missing." default:"data/checkins.db" env:"CHECKIN_DB" type:"path"`

	TLSCert string `help:"Serve HTTPS with this PEM certificate (chain) file; needs --tls-key. Re-read on SIGHUP." env:"CHECKIN_TLS_CERT" type:"path" and:"tls"`
	TLSKey  string `help:"The PEM private key of --tls-cert." env:"CHECKIN_TLS_KEY" type:"path" and:"tls"`
}

// Run serves until ctx ends, then stops accepting, lets in-flight requests finish and closes the
// database.
func (s *serveCmd) Run(ctx context.Context, g *globals) error {
	log := g.logger
	cfg, err := config.LoadFile(s.Config)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	metrics.RegisterProcess(reg, version)
	reloads := metrics.NewReloads(reg, time.Now())
	var current atomic.Pointer[config.Config]
	current.Store(cfg)
	var certs *tlscert.Certificate
	if s.TLSCert != "" {
		if certs, err = tlscert.Load(s.TLSCert, s.TLSKey); err != nil {
			return err
		}
	}

	st, err := store.Open(ctx, s.DB)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()

	ln, err := net.Listen("tcp", s.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler: server.New(server.Deps{
			Config:   current.Load,
			Store:    st,
			Now:      time.Now,
			Logger:   log,
			Registry: reg,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}

	reloadDone := s.reloadOnHUP(ctx, g, &current, reloads.Record, certs)
	defer reloadDone()

	serveErr := make(chan error, 1)
	if certs != nil {
		srv.TLSConfig = certs.Config()
		go func() { serveErr <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { serveErr <- srv.Serve(ln) }()
	}
	log.Info("gateway started", "listen", ln.Addr().String(), "tls", certs != nil, "config", s.Config,
		"db", s.DB, "services", cfg.Len(), "version", version)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
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
