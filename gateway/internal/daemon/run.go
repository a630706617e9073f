// Package daemon is the gateway's `serve`: it opens storage, serves HTTP, reloads
// services.json and the TLS files on SIGHUP, and on stop drains in-flight requests before it
// closes the database. Package main only maps the command line onto Config.
package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Config is what serve's flags say. Errors about a field name its flag (--retention, ...).
type Config struct {
	Listen string   // address to listen on
	Config string   // the services file
	DB     Location // SQLite file or postgres:// URL
	DBWait time.Duration
	// AcceptDataLoss starts on a SQLite database that fails the checks at start.
	AcceptDataLoss bool

	Retention     string // a checkin.ParseDuration; 0 keeps check-ins forever
	RetentionKeep int

	MinFreeSpace    string // diskfloor.Parse: auto, a size, a share or 0
	HistoryMaxBytes string // bytesize.Parse; 0 is no cap

	TLSCert, TLSKey string // both empty: plain HTTP

	ReadTokenFile, PingKeyFile, MetricsTokenFile string

	MetricsServices string // all, problems or none

	AuthFailLimit     int
	AuthFailWindow    time.Duration
	Rate              string // of services that set none: N/PERIOD [burst B], or off
	TrustedProxies    string
	MaxConns          int // open at once: 0 below the descriptor limit, -1 no cap
	MaxConnsPerClient int

	Timeouts Timeouts
	Push     Push   // Icinga push mode; off without a URL
	Version  string // for the log and checkin_build_info
}

// Timeouts bound how long a client may hold a connection; they keep slow or stuck clients from
// tying up the gateway.
type Timeouts struct {
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
}

// Run serves until ctx ends, then stops accepting, lets in-flight requests finish and closes the
// database.
func Run(ctx context.Context, c Config, log *slog.Logger) error {
	// The port first: a second gateway started by mistake stops here, before it opens the
	// database.
	ln, err := c.bind()
	if err != nil {
		return err
	}
	gw, err := c.open(ctx, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer gw.close()
	stopPush, err := c.startPush(ctx, gw)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopPush()
	srv := c.listen(ln, gw)
	defer c.reloadOnHUP(ctx, log, gw.config, gw.reloads.Record, gw.lastReload, gw.certs)()
	// Background work on the database ends before it is closed (defers run last first).
	defer gw.startBackground(ctx)()
	served := srv.start()
	go returnGarbage()
	gw.log.Info("gateway started", "listen", srv.addr(), "tls", gw.certs != nil, "config", c.Config,
		"db", c.DB, "services", gw.config.Load().Len(), "read_protected", gw.readToken != "",
		"trusted_proxies", gw.trusted.String(), "max_conns", gw.maxConns, "version", c.Version)
	return srv.serveUntil(ctx, served)
}

// returnGarbage hands the memory freed since the last collection back to the operating
// system at once. Reading services.json and the summaries (at start-up and on reload) leaves
// garbage of more than twice what they keep; without this, the runtime returns it only
// slowly, and a gateway of 100,000 services would sit at rest with some 50 MB it does not use.
// A small gateway skips it: its heap is a few MB, and the forced collection would bring more
// of the program's own code into memory than it gives back.
func returnGarbage() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if m.HeapSys-m.HeapReleased >= returnGarbageFrom {
		debug.FreeOSMemory()
	}
}

// returnGarbageFrom is the heap size (held from the operating system) from which
// returnGarbage collects.
const returnGarbageFrom = 64 << 20

// retentionPolicy checks the retention settings.
func (c Config) retentionPolicy() (retention.Policy, error) {
	age, err := checkin.ParseDuration(c.Retention)
	if err != nil {
		return retention.Policy{}, fmt.Errorf("--retention: %w", err)
	}
	if c.RetentionKeep < 0 {
		return retention.Policy{}, fmt.Errorf("--retention-keep: must be 0 or more, not %d", c.RetentionKeep)
	}
	pol := retention.DefaultPolicy
	pol.Age, pol.Keep = age, c.RetentionKeep
	return pol, nil
}
