package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/server"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// shutdownTimeout is how long in-flight requests get to finish after SIGTERM.
const shutdownTimeout = 10 * time.Second

type serveCmd struct {
	Listen string `help:"Address to listen on." default:"127.0.0.1:5000" env:"CHECKIN_LISTEN"`
	Config string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	DB     string `help:"The SQLite database file; its folder is created if missing." default:"data/checkins.db" env:"CHECKIN_DB" type:"path"`

	Retention     string `help:"Delete check-ins older than this (e.g. 400d, 8w); 0 keeps them forever." default:"400d" env:"CHECKIN_RETENTION"`
	RetentionKeep int    `help:"Always keep at least this many of each service's newest check-ins." default:"100" env:"CHECKIN_RETENTION_KEEP"`
}

// retentionPolicy checks the retention flags.
func (s *serveCmd) retentionPolicy() (retention.Policy, error) {
	age, err := checkin.ParseDuration(s.Retention)
	if err != nil {
		return retention.Policy{}, fmt.Errorf("--retention: %w", err)
	}
	if s.RetentionKeep < 0 {
		return retention.Policy{}, fmt.Errorf("--retention-keep: must be 0 or more, not %d", s.RetentionKeep)
	}
	pol := retention.DefaultPolicy
	pol.Age, pol.Keep = age, s.RetentionKeep
	return pol, nil
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
	var current atomic.Pointer[config.Config]
	current.Store(cfg)

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
			Config: current.Load,
			Store:  st,
			Now:    time.Now,
			Logger: log,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}

	reloadDone := s.reloadOnHUP(ctx, g, &current)
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
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("gateway started", "listen", ln.Addr().String(), "config", s.Config, "db", s.DB,
		"services", cfg.Len(), "version", version)

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

// reloadOnHUP re-reads services.json on SIGHUP. An invalid file leaves the old configuration
// in force. The returned function stops listening for the signal.
func (s *serveCmd) reloadOnHUP(ctx context.Context, g *globals, current *atomic.Pointer[config.Config]) func() {
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
				cfg, err := config.LoadFile(s.Config)
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
