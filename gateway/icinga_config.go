package main

import (
	"fmt"
	"path/filepath"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/icinga"
)

// icingaConfigCmd prints Icinga 2 objects for the gateway and every service in services.json,
// each Service under the Host its "icinga" settings name.
type icingaConfigCmd struct {
	Config       string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	HostName     string `help:"Name of the Icinga Host object for the gateway." default:"checkin-gateway"`
	GatewayURL   string `name:"gateway-url" help:"The gateway's base URL as Icinga reaches it (scheme, host, port, optional path prefix)." default:"http://127.0.0.1:5000"`
	CAFile       string `name:"ca-file" help:"CA certificate file, on the Icinga host, that check_checkin trusts for an https gateway (sets vars.checkin_ca_file)."`
	ReadToken    string `name:"read-token-file" help:"File, on the Icinga host, holding the gateway's read token; every Service's check sends it (sets vars.checkin_read_token_file). Only the path is written, never the token." placeholder:"PATH"`
	CreateHosts  bool   `name:"create-hosts" help:"Also write a Host, always UP, for each other host name the services use (for a lab or a first install; normally your Hosts exist)."`
	CreateGroups bool   `name:"create-groups" help:"Also write the ServiceGroups the services name in icinga.groups."`
	Push         bool   `name:"push" help:"Objects for push mode (serve --icinga-url): Services HARD at once (max_check_attempts = 1), the gateway's Host checked every 20s."`
}

// Run writes the objects to stdout. An invalid services.json or URL prints nothing.
func (c *icingaConfigCmd) Run(g *globals) error {
	gw, err := icinga.ParseGateway(c.GatewayURL)
	if err != nil {
		return err
	}
	gw.CAFile = c.CAFile
	if c.ReadToken != "" && !filepath.IsAbs(c.ReadToken) {
		return fmt.Errorf("--read-token-file %q: want an absolute path on the Icinga host, like /etc/icinga2/checkin-read-token", c.ReadToken)
	}
	gw.ReadTokenFile = c.ReadToken
	cfg, err := config.LoadFile(c.Config)
	if err != nil {
		return err
	}
	services := make([]*config.Service, 0, cfg.Len())
	for _, name := range cfg.Names() {
		services = append(services, cfg.Service(name))
	}
	o := icinga.Options{Source: c.Config, HostName: c.HostName, Gateway: gw, CreateHosts: c.CreateHosts, CreateGroups: c.CreateGroups, Push: c.Push}
	if err := icinga.Write(g.stdout, o, services); err != nil {
		return fmt.Errorf("icinga-config: %w", err)
	}
	return nil
}
