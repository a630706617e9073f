package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacyout"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// importLegacyCmd moves the older Python gateway's history and services over: it copies
// database.sqlite's check-ins into our database, or prints services.json entries for its
// services. It only ever reads the older gateway's files.
type importLegacyCmd struct {
	From       string `help:"The older gateway's SQLite file (database.sqlite). Only read; the older gateway may keep running." type:"path"`
	FromConfig string `name:"from-config" help:"Instead of --from: convert the older gateway's services.json, or its config/ folder of *.json files, and print it as our services.json." type:"path"`
	storeFlags        // --db: our database to import into, as serve takes it (SQLite or PostgreSQL)
	DryRun     bool   `name:"dry-run" help:"Read and check everything, print what would be imported, write nothing."`
	MaxListed  int    `name:"max-listed" help:"Rows not imported to list per service; 0 lists all." default:"50"`

	PrintServices bool   `name:"print-services" help:"Instead of importing: print a services.json of the services in the older database's services table that --config lacks."`
	Config        string `help:"Our services.json: services it has are left out of the printed file." env:"CHECKIN_CONFIG" type:"path"`
	Merge         bool   `help:"With --config: print the whole file, its services first and unchanged, then the new ones."`
	HashTokens    bool   `name:"hash-tokens" help:"Print token_sha256 (the token's SHA-256) instead of the token itself."`
	Tolerate      bool   `name:"tolerate-failures" help:"Set tolerate_failures on every printed service, as the older gateway behaved (a fresh OK outweighs newer failures)."`
	PreferOld     bool   `name:"prefer-old-tokens" help:"With --merge: where --config has a service with another token than the older gateway's, print the older token, so the service's clients need no change."`
}

// Run does what the flags ask: convert service files, print services, or import the history.
func (c *importLegacyCmd) Run(ctx context.Context, g *globals) error {
	switch {
	case c.FromConfig != "" && c.From != "":
		return errors.New("give --from or --from-config, not both")
	case c.FromConfig != "":
		svcs, dropped, err := legacy.ReadServiceFiles(c.FromConfig)
		if err != nil {
			return err
		}
		conv := legacy.Convert(svcs)
		conv.Dropped = dropped
		return c.printServices(g, conv)
	case c.From == "":
		return errors.New("--from is required: the older gateway's database.sqlite (or --from-config with its services.json)")
	case c.Merge && c.Config == "":
		return errors.New("--merge needs --config, the services.json to merge with")
	case c.PreferOld && !c.Merge:
		return errors.New("--prefer-old-tokens needs --merge (and --config): only a merged file can carry the older tokens")
	}
	src, err := legacy.Open(ctx, c.From)
	if err != nil {
		return err
	}
	defer src.Close()
	if c.PrintServices {
		svcs, err := src.Services(ctx)
		if err != nil {
			return err
		}
		return c.printServices(g, legacy.Convert(svcs))
	}
	return c.importHistory(ctx, g, src)
}

// importHistory copies the older gateway's states into our database and prints the summary.
func (c *importLegacyCmd) importHistory(ctx context.Context, g *globals, src *legacy.Source) error {
	opt := legacy.Options{DryRun: c.DryRun, Done: func(r legacy.ServiceResult) {
		if c.DryRun {
			g.logger.Info("service read", "service", r.Service, "to_import", r.Mapped, "skipped", len(r.Skipped))
			return
		}
		g.logger.Info("service imported", "service", r.Service, "imported", r.Imported,
			"already_there", r.Present(), "skipped", len(r.Skipped))
	}}
	var dst legacy.Importer
	if !c.DryRun {
		st, err := c.openStore(ctx, g.logger)
		if err != nil {
			return err
		}
		defer st.Close()
		dst = st
	}
	res, err := legacy.Import(ctx, src, dst, opt)
	if note, nerr := legacyout.UnlistedNote(ctx, src, res); nerr != nil && err == nil {
		err = nerr
	} else if note != "" {
		res.Notes = append(res.Notes, note)
	}
	if first, ok := oldest(res); ok && first.Before(time.Now().Add(-defaultRetention)) {
		res.Notes = append(res.Notes, fmt.Sprintf("the history goes back to %s: start the gateway with --retention 0 "+
			"(or one long enough), or its default --retention %s deletes the older check-ins within a minute",
			first.Format(time.DateOnly), defaultRetentionText))
	}
	if werr := legacy.WriteSummary(g.stdout, res, c.MaxListed); werr != nil && err == nil {
		err = fmt.Errorf("write summary: %w", werr)
	}
	return err
}

// defaultRetentionText is serve's default --retention (a test holds them equal).
const (
	defaultRetentionText = "400d"
	defaultRetention     = 400 * checkin.Day
)

// oldest is the time of the oldest check-in an import read.
func oldest(res legacy.Result) (time.Time, bool) {
	var first time.Time
	for _, s := range res.Services {
		if s.Mapped > 0 && (first.IsZero() || s.First.Before(first)) {
			first = s.First
		}
	}
	return first, !first.IsZero()
}

// printServices writes the services.json to stdout, and everything not carried over to stderr
// (legacyout.PrintServices).
func (c *importLegacyCmd) printServices(g *globals, conv legacy.Conversion) error {
	return legacyout.PrintServices(g.stdout, g.stderr, conv, legacyout.Options{Config: c.Config, Merge: c.Merge,
		HashTokens: c.HashTokens, Tolerate: c.Tolerate, PreferOld: c.PreferOld})
}
