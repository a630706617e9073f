package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/push"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Push turns on push mode: each service's verdict goes to Icinga's API as it changes
// (docs/icinga.md). An empty URL leaves it off. Errors name the --icinga-* flags.
type Push struct {
	URL          string // Icinga's API, like https://icinga.example.org:5665
	User         string // the ApiUser
	PasswordFile string // the ApiUser's password alone on one line
	CAFile       string // Icinga's CA certificate (PEM)
	Insecure     bool   // do not check Icinga's certificate (warned)
	HostName     string // the gateway's Host in Icinga
	TTLMargin    time.Duration
	MaxTTL       time.Duration // the longest ttl, so how often an unchanged service is refreshed
	Conns        int           // keep-alive connections to Icinga's API
	Rate         int           // pushes a second at most; 0: no bound
}

// The bounds of --icinga-max-ttl: under 5 minutes, unchanged services would be pushed as often
// as Icinga polls them by default; over a day, Services of a gateway that stopped pushing
// would keep their last state for that long (its Host turns DOWN within a minute either way).
const (
	MinMaxTTL = 5 * time.Minute
	MaxMaxTTL = 24 * time.Hour
)

// startPush starts push mode when c.Push.URL is set and hands it the stored check-ins
// (gw.stored). The returned function stops it and waits for it to end.
func (c Config) startPush(ctx context.Context, gw *gateway) (stop func(), err error) {
	f := c.Push
	if f.URL == "" {
		if f.User != "" || f.PasswordFile != "" {
			return nil, errors.New("--icinga-user and --icinga-password-file need --icinga-url")
		}
		return func() {}, nil
	}
	if f.MaxTTL != 0 && (f.MaxTTL < MinMaxTTL || f.MaxTTL > MaxMaxTTL) {
		return nil, fmt.Errorf("--icinga-max-ttl: want %v to %v, not %v", MinMaxTTL, MaxMaxTTL, f.MaxTTL)
	}
	if f.Rate < 0 {
		return nil, fmt.Errorf("--icinga-push-rate: must be 0 or more, not %d", f.Rate)
	}
	password, err := checkin.ReadTokenFile(f.PasswordFile)
	if err != nil {
		return nil, fmt.Errorf("--icinga-password-file: %w", err)
	}
	client, err := push.NewClient(push.ClientOptions{URL: f.URL, User: f.User, Password: password,
		CAFile: f.CAFile, Insecure: f.Insecure, Conns: f.Conns})
	if err != nil {
		return nil, err
	}
	p, err := push.New(push.Options{Config: gw.config.Load, Store: gw.db, Client: client, HostName: f.HostName,
		Margin: f.TTLMargin, MaxTTL: f.MaxTTL, Workers: f.Conns, Rate: f.Rate, Logger: gw.log, Registry: gw.registry})
	if err != nil {
		return nil, err
	}
	if f.Insecure {
		gw.log.Warn("--icinga-insecure: Icinga's certificate is not checked; anyone on the path can read the Icinga password")
	}
	gw.log.Info("icinga push on", "icinga_url", f.URL, "icinga_user", f.User, "icinga_host_name", f.HostName)
	e, err := c.pushElection(gw)
	if err != nil {
		return nil, err
	}
	store, err := gw.db.StoreID(ctx)
	if err != nil {
		return nil, fmt.Errorf("icinga push: %w", err)
	}
	if e == nil {
		gw.stored = p.Stored // on PostgreSQL, every gateway's check-ins come through e
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { runPush(ctx, gw, p, e, store) })
	return func() { cancel(); wg.Wait(); client.Close() }, nil
}
