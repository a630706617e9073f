package main

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
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
	Rate              string        `help:"How often one service may have check-ins and pings stored, unless services.json sets its \"rate\": N/PERIOD [burst B], or off. More get 429 with Retry-After." default:"1/s burst 60" env:"CHECKIN_RATE"`
	TrustedProxies    string        `help:"Reverse proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For or Forwarded header names the client; for all other connections those headers are ignored." env:"CHECKIN_TRUSTED_PROXIES"`
	MaxConns          int           `help:"Connections open at once, from all clients; at the cap the one idle longest is closed for a new one. 0: the file descriptor limit less 64 and 1/16 of it; -1: no cap." default:"0" env:"CHECKIN_MAX_CONNS"`
	MaxConnsPerClient int           `help:"Connections one client address may have open at once (an IPv6 /64 4 times as many, a /56 8 times); more are answered 429 and closed (over HTTPS, closed). Trusted proxies have no limit. 0 turns the limit off." default:"256" env:"CHECKIN_MAX_CONNS_PER_CLIENT"`

	timeouts
	icingaPushFlags
}

// timeouts are daemon.Timeouts as flags.
type timeouts struct {
	ReadHeaderTimeout time.Duration `help:"Longest time to receive a request's headers." default:"10s" env:"CHECKIN_READ_HEADER_TIMEOUT"`
	ReadTimeout       time.Duration `help:"Longest time to receive a whole request, body included." default:"30s" env:"CHECKIN_READ_TIMEOUT"`
	WriteTimeout      time.Duration `help:"Longest time from the end of a request's headers to the end of its answer." default:"30s" env:"CHECKIN_WRITE_TIMEOUT"`
	IdleTimeout       time.Duration `help:"How long an idle keep-alive connection stays open." default:"2m" env:"CHECKIN_IDLE_TIMEOUT"`
}

// Run serves until ctx ends (see daemon.Run).
func (s *serveCmd) Run(ctx context.Context, g *globals) error {
	return daemon.Run(ctx, s.config(), g.logger)
}

// config maps the flags onto the daemon's configuration.
func (s *serveCmd) config() daemon.Config {
	return daemon.Config{
		Listen: s.Listen,
		Config: s.Config,
		DB:     s.DB,
		DBWait: s.DBWait,

		AcceptDataLoss: s.AcceptDataLoss,

		Retention:     s.Retention,
		RetentionKeep: s.RetentionKeep,

		MinFreeSpace:    s.MinFreeSpace,
		HistoryMaxBytes: s.HistoryMaxBytes,

		TLSCert: s.TLSCert,
		TLSKey:  s.TLSKey,

		ReadTokenFile:    s.ReadTokenFile,
		PingKeyFile:      s.PingKeyFile,
		MetricsTokenFile: s.MetricsTokenFile,

		MetricsServices: s.MetricsServices,

		AuthFailLimit:     s.AuthFailLimit,
		AuthFailWindow:    s.AuthFailWindow,
		Rate:              s.Rate,
		TrustedProxies:    s.TrustedProxies,
		MaxConns:          s.MaxConns,
		MaxConnsPerClient: s.MaxConnsPerClient,

		Timeouts: daemon.Timeouts(s.timeouts),
		Push:     s.icingaPushFlags.daemon(),
		Version:  version,
	}
}
