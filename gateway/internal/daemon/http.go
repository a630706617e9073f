package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/listen"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/server"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// ShutdownTimeout is how long in-flight requests get to finish after SIGTERM.
const ShutdownTimeout = 10 * time.Second

// httpServer is the gateway's HTTP server on its listener, with the drainer that stops it.
type httpServer struct {
	srv   *http.Server
	drain *listen.Drainer
	certs *tlscert.Certificate // nil without TLS
	log   *slog.Logger
}

// bind opens the listening socket. An address in use most often means a gateway is already
// running; the error says so.
func (c Config) bind() (net.Listener, error) {
	if err := checkListenAddress(c.Listen); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", c.Listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen: %w (is another checkin-gateway running? see --listen)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	return ln, nil
}

// listen builds the HTTP server over the gateway's handler, on ln.
func (c Config) listen(ln net.Listener, gw *gateway) *httpServer {
	total := listen.CapTotalConns(listen.LogAcceptErrors(ln, gw.log, time.Now), gw.maxConns, gw.log, time.Now)
	ln = listen.LimitConnsPerClient(total, c.MaxConnsPerClient, gw.certs == nil,
		gw.trusted.Contains, gw.log, time.Now)
	drain := listen.NewDrainer(ln)
	srv := c.Timeouts.server(drain.Handler(server.New(server.Deps{
		Config:         gw.config.Load,
		Store:          gw.db,
		Now:            time.Now,
		Logger:         gw.log,
		Registry:       gw.registry,
		AuthFailLimit:  c.AuthFailLimit,
		AuthFailWindow: c.AuthFailWindow,
		Rate:           gw.rate,
		TrustedProxies: gw.trusted,
		ReadToken:      gw.readToken,
		MetricsToken:   gw.metricsToken,
		PingKey:        gw.pingKey,
		Stored:         gw.stored,
		Notice:         gw.lastReload.current,
		HistoryCap:     gw.caps,
		SpaceFloor:     gw.floor,

		MetricsServices: gw.series,
	})), gw.log)
	srv.ConnState = func(conn net.Conn, st http.ConnState) { drain.Track(conn, st); total.Track(conn, st) }
	if gw.certs != nil {
		srv.TLSConfig = gw.certs.Config()
	}
	return &httpServer{srv: srv, drain: drain, certs: gw.certs, log: gw.log}
}

func (h *httpServer) addr() string { return h.drain.Addr().String() }

// start serves in the background; the channel gets what Serve returned.
func (h *httpServer) start() <-chan error {
	served := make(chan error, 1)
	if h.certs != nil {
		go func() { served <- h.srv.ServeTLS(h.drain.Listener(), "", "") }()
	} else {
		go func() { served <- h.srv.Serve(h.drain.Listener()) }()
	}
	return served
}

// serveUntil waits for ctx to end (or serving to fail), then stops: no new connections, and
// the requests already begun get ShutdownTimeout to finish.
func (h *httpServer) serveUntil(ctx context.Context, served <-chan error) error {
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	h.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := h.drain.Stop(sctx, h.srv); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// Serve ends when the drainer closes the listener, or with ErrServerClosed.
	if err := <-served; !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	h.log.Info("stopped")
	return nil
}

// MaxStreams is how many requests one HTTP/2 connection (over TLS) may have under way at once.
// Go's default is 250: one connection asking for 250 status pages and reading none held
// 3.8 GB. A browser, the plugin and the clients need a few.
const MaxStreams = 16

// server is the HTTP server with these timeouts. Errors of the HTTP layer (malformed requests,
// TLS handshakes) go to the log at debug level.
func (t Timeouts) server(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: MaxStreams},
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeaderTimeout,
		ReadTimeout:       t.ReadTimeout,
		WriteTimeout:      t.WriteTimeout,
		IdleTimeout:       t.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}
