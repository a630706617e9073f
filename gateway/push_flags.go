package main

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
)

// icingaPushFlags turn on push mode: each service's verdict goes to Icinga's API as it changes
// (docs/icinga.md).
type icingaPushFlags struct {
	IcingaURL          string        `name:"icinga-url" help:"Push mode: Icinga's API, like https://icinga.example.org:5665. Each service's state is pushed there as it changes; needs --icinga-user, --icinga-password-file and --icinga-ca-file." env:"CHECKIN_ICINGA_URL"`
	IcingaUser         string        `name:"icinga-user" help:"Push mode: the Icinga ApiUser." env:"CHECKIN_ICINGA_USER"`
	IcingaPasswordFile string        `name:"icinga-password-file" help:"Push mode: file holding the ApiUser's password alone on one line." env:"CHECKIN_ICINGA_PASSWORD_FILE" type:"path"`
	IcingaCAFile       string        `name:"icinga-ca-file" help:"Push mode: Icinga's CA certificate (PEM), to check its API's certificate." env:"CHECKIN_ICINGA_CA_FILE" type:"path"`
	IcingaInsecure     bool          `name:"icinga-insecure" help:"Push mode: do not check Icinga's certificate (a lab only; warned at start)." env:"CHECKIN_ICINGA_INSECURE"`
	IcingaHostName     string        `name:"icinga-host-name" help:"Push mode: the gateway's Host in Icinga, which holds the Services without an icinga.host (icinga-config's --host-name)." default:"checkin-gateway" env:"CHECKIN_ICINGA_HOST_NAME"`
	IcingaTTLMargin    time.Duration `name:"icinga-ttl-margin" help:"Push mode: how long after a service's next deadline without a push Icinga runs check_checkin itself (1s to 60s)." default:"60s" env:"CHECKIN_ICINGA_TTL_MARGIN"`
	IcingaMaxTTL       time.Duration `name:"icinga-max-ttl" help:"Push mode: the longest Icinga waits for the next push before it runs check_checkin itself (5m to 24h); a service whose state does not change is pushed again this often." default:"1h" env:"CHECKIN_ICINGA_MAX_TTL"`
	IcingaConns        int           `name:"icinga-conns" help:"Push mode: keep-alive connections to Icinga's API (pushes at once)." default:"2" env:"CHECKIN_ICINGA_CONNS"`
	IcingaPushRate     int           `name:"icinga-push-rate" help:"Push mode: at most this many results a second to Icinga, so that a burst (many deadlines at once, a resync) leaves CPU to check-ins; 0 for no bound." default:"1000" env:"CHECKIN_ICINGA_PUSH_RATE"`
}

// daemon maps the flags onto daemon.Push.
func (f icingaPushFlags) daemon() daemon.Push {
	return daemon.Push{URL: f.IcingaURL, User: f.IcingaUser, PasswordFile: f.IcingaPasswordFile,
		CAFile: f.IcingaCAFile, Insecure: f.IcingaInsecure, HostName: f.IcingaHostName,
		TTLMargin: f.IcingaTTLMargin, MaxTTL: f.IcingaMaxTTL, Conns: f.IcingaConns, Rate: f.IcingaPushRate}
}
