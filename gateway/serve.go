package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// serveCmd runs the gateway (the default command). Each flag also comes from the environment
// variable it names.
type serveCmd struct {
	Listen string `help:"Address to listen on." default:"127.0.0.1:5000" env:"CHECKIN_LISTEN"`
	Config string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	storeFlags

	Retention       string `help:"Delete check-ins older than this (e.g. 400d, 8w); 0 keeps them forever." default:"400d" env:"CHECKIN_RETENTION"`
	RetentionKeep   int    `help:"Always keep at least this many of each service's newest check-ins." default:"100" env:"CHECKIN_RETENTION_KEEP"`
	MinFreeSpace    string `help:"Free space to keep on the SQLite database's file system: below it check-ins and pings get 507 and /alive 503. auto is the smaller of 1GiB and 5%; a size (2GiB), a share (10%) or 0 for none." default:"auto" env:"CHECKIN_MIN_FREE_SPACE"`
	HistoryMaxBytes string `help:"Cap on each service's history size (infos plus 100 bytes a check-in), as in 64MiB or 1GiB: beyond it the oldest check-ins are deleted, the newest 100 always kept. history_max_bytes in services.json sets it per service; 0 is no cap." default:"64MiB" env:"CHECKIN_HISTORY_MAX_BYTES"`

	TLSCert string `help:"Serve HTTPS with this PEM certificate (chain) file; needs --tls-key. Re-read on SIGHUP." env:"CHECKIN_TLS_CERT" type:"path" and:"tls"`
	TLSKey  string `help:"The PEM private key of --tls-cert." env:"CHECKIN_TLS_KEY" type:"path" and:"tls"`

	ReadTokenFile    string `help:"File holding a token (22+ characters) that every read (state, history, status page, metrics) must send as Authorization: Bearer. Check-ins and /alive stay open." env:"CHECKIN_READ_TOKEN_FILE" type:"path"`
	PingKeyFile      string `help:"File holding the ping key (22+ letters, digits, - and _) for Healthchecks-style pings by service name: /ping/<key>/<service>." env:"CHECKIN_PING_KEY_FILE" type:"path"`
	MetricsTokenFile string `help:"File holding a token (22+ characters) that /metrics also accepts (for Prometheus)." env:"CHECKIN_METRICS_TOKEN_FILE" type:"path"`

	MetricsServices string `help:"Which services get series of their own on /metrics: all, problems (only those not OK now) or none (only the counts per state)." enum:"all,problems,none" default:"all" env:"CHECKIN_METRICS_SERVICES"`

	AuthFailLimit     int           `help:"Failed authentications (unknown service, wrong token) one client address may send for one service per window before its check-ins for that service get 429. Wrong read tokens are braked the same way, counted apart; the right one always passes. 0 turns the limits off." default:"10" env:"CHECKIN_AUTH_FAIL_LIMIT"`
	AuthFailWindow    time.Duration `help:"The window of --auth-fail-limit, and the longest a client is refused." default:"1m" env:"CHECKIN_AUTH_FAIL_WINDOW"`
	TrustedProxies    string        `help:"Reverse proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For or Forwarded header names the client; for all other connections those headers are ignored." env:"CHECKIN_TRUSTED_PROXIES"`
	MaxConnsPerClient int           `help:"Connections one client address (an IPv6 /64) may have open at once; more are answered 429 and closed (over HTTPS, closed). Trusted proxies have no limit. 0 turns the limit off." default:"256" env:"CHECKIN_MAX_CONNS_PER_CLIENT"`

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
	// The port first: a second gateway started by mistake stops here, before it opens the
	// database.
	ln, err := s.bind()
	if err != nil {
		return err
	}
	gw, err := s.open(ctx, g.logger)
	if err != nil {
		ln.Close()
		return err
	}
	defer gw.close()
	srv := s.listen(ln, gw)
	defer s.reloadOnHUP(ctx, g.logger, gw.config, gw.reloads.Record, gw.certs)()
	// Background work on the database ends before it is closed (defers run last first).
	defer gw.startBackground(ctx)()
	served := srv.start()
	go returnGarbage()
	gw.log.Info("gateway started", "listen", srv.addr(), "tls", gw.certs != nil, "config", s.Config,
		"db", s.DB, "services", gw.config.Load().Len(), "read_protected", gw.readToken != "",
		"trusted_proxies", gw.trusted.String(), "version", version)
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
