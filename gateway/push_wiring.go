package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/push"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
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
	IcingaConns        int           `name:"icinga-conns" help:"Push mode: keep-alive connections to Icinga's API (pushes at once)." default:"2" env:"CHECKIN_ICINGA_CONNS"`
}

// startPush starts push mode when --icinga-url is set and hands it the stored check-ins
// (gw.stored). The returned function stops it and waits for it to end.
func (f *icingaPushFlags) startPush(ctx context.Context, gw *gateway) (stop func(), err error) {
	if f.IcingaURL == "" {
		if f.IcingaUser != "" || f.IcingaPasswordFile != "" {
			return nil, errors.New("--icinga-user and --icinga-password-file need --icinga-url")
		}
		return func() {}, nil
	}
	password, err := checkin.ReadTokenFile(f.IcingaPasswordFile)
	if err != nil {
		return nil, fmt.Errorf("--icinga-password-file: %w", err)
	}
	client, err := push.NewClient(push.ClientOptions{URL: f.IcingaURL, User: f.IcingaUser, Password: password,
		CAFile: f.IcingaCAFile, Insecure: f.IcingaInsecure, Conns: f.IcingaConns})
	if err != nil {
		return nil, err
	}
	p, err := push.New(push.Options{Config: gw.config.Load, Store: gw.db, Client: client, HostName: f.IcingaHostName,
		Margin: f.IcingaTTLMargin, Workers: f.IcingaConns, Logger: gw.log, Registry: gw.registry})
	if err != nil {
		return nil, err
	}
	if f.IcingaInsecure {
		gw.log.Warn("--icinga-insecure: Icinga's certificate is not checked; anyone on the path can read the Icinga password")
	}
	gw.log.Info("icinga push on", "icinga_url", f.IcingaURL, "icinga_user", f.IcingaUser, "icinga_host_name", f.IcingaHostName)
	gw.stored = p.Stored
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	return func() { cancel(); wg.Wait(); client.Close() }, nil
}
