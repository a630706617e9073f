package main

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/oversights"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
)

// checkConfigCmd validates services.json without starting anything, for use before
// `systemctl reload` (the unit's ExecReload runs it first).
type checkConfigCmd struct {
	Config      string `help:"The services file." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
	PingKeyFile string `help:"Check this ping key file too, as serve --ping-key-file reads it at start." env:"CHECKIN_PING_KEY_FILE" type:"path"`
}

// Run loads the file as start-up and reload do, and the ping key file as start-up does when
// one is named. An invalid file is an error with the same message, so the process exits 1; a
// valid one prints a summary and any likely mistakes as warnings, and exits 0.
func (c *checkConfigCmd) Run(g *globals) error {
	cfg, err := config.LoadFile(c.Config)
	if err != nil {
		return err
	}
	if _, err := daemon.ReadPingKeyFile(g.logger, c.PingKeyFile); err != nil {
		return err
	}
	oversights.Find(cfg).Log(g.logger, c.Config)
	noun := "services"
	if cfg.Len() == 1 {
		noun = "service"
	}
	_, err = fmt.Fprintf(g.stdout, "%s: valid, %d %s\n", c.Config, cfg.Len(), noun)
	return err
}
