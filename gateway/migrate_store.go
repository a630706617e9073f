package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// importChunk is how many check-ins one transaction of the copy imports.
const importChunk = 5000

// migrateStoreCmd copies the check-in history from SQLite to PostgreSQL, for moving a gateway
// onto a shared database. Stop the gateway first: the SQLite file is locked while it runs.
type migrateStoreCmd struct {
	From   string `help:"The SQLite database to copy from." required:"" type:"existingfile"`
	To     string `help:"The postgres:// URL to copy to (the password may come from PGPASSWORD or ~/.pgpass)." required:""`
	Config string `help:"The services file: it only marks which copied services are live; every service the source holds is copied." default:"services.json" env:"CHECKIN_CONFIG" type:"path"`
}

// Run copies, service by service (every service the source holds, configured or not), every
// check-in newer than the newest the target holds, oldest
// first in transactions of importChunk, so an interrupted copy resumes where it stopped and a
// second run copies nothing. It refuses, before copying anything, when the target holds a newer
// check-in of a service than the source: a gateway already writes there, and copying would
// interleave two histories.
func (m *migrateStoreCmd) Run(ctx context.Context, g *globals) error {
	to := daemon.Location(m.To)
	if !to.IsPostgres() {
		return fmt.Errorf("--to %s: want a postgres:// or postgresql:// URL", m.To)
	}
	cfg, err := config.LoadFile(m.Config)
	if err != nil {
		return err
	}
	src, err := sqlite.Open(ctx, m.From)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, to.PostgresURL())
	if err != nil {
		return err
	}
	defer dst.Close()

	names, err := src.Services(ctx)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("%s holds no check-ins: nothing to copy", m.From)
	}
	from := make(map[string]storage.Checkin, len(names))
	for _, name := range names {
		srcNewest, err := newest(ctx, src, name)
		if err != nil {
			return err
		}
		dstNewest, err := newest(ctx, dst, name)
		if err != nil {
			return err
		}
		if dstNewest.At.After(srcNewest.At) {
			return fmt.Errorf("%s: the target's newest check-in (%s) is newer than the source's (%s); a gateway may already be writing there: nothing copied",
				name, dstNewest.At.Format("2006-01-02 15:04:05.000Z07:00"), stampOrNone(srcNewest))
		}
		from[name] = dstNewest
	}
	total := 0
	for _, name := range names {
		n, err := copyService(ctx, src, dst, name, from[name].At)
		total += n
		if err != nil {
			return fmt.Errorf("%s: %w (%d copied before the error; run again to go on)", name, err, n)
		}
		fmt.Fprintf(g.stdout, "%s: %d copied%s\n", name, n, liveNote(cfg, name))
	}
	fmt.Fprintf(g.stdout, "%s of %s copied to %s (every service %s holds)\n",
		plural(total, "check-in"), plural(len(names), "service"), postgres.Redact(to.PostgresURL()), m.From)
	for _, name := range slices.Sorted(slices.Values(cfg.Names())) {
		if _, ok := from[name]; !ok {
			fmt.Fprintf(g.stdout, "%s: in services.json, no check-ins in %s\n", name, m.From)
		}
	}
	return nil
}

// liveNote marks a copied service that services.json does not name: its history is copied all
// the same, and shows again once the service is configured.
func liveNote(cfg *config.Config, name string) string {
	if cfg.Service(name) == nil {
		return " (not in services.json: history kept, not served)"
	}
	return ""
}

// historian is what the copy reads of either store.
type historian interface {
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error)
}

// newest is a service's newest check-in of any kind; the zero Checkin when it has none.
func newest(ctx context.Context, s historian, service string) (storage.Checkin, error) {
	h, err := s.HistoryPage(ctx, service, 1, 0)
	if err != nil || len(h) == 0 {
		return storage.Checkin{}, err
	}
	return h[0], nil
}

func stampOrNone(c storage.Checkin) string {
	if c.At.IsZero() {
		return "none"
	}
	return c.At.Format("2006-01-02 15:04:05.000Z07:00")
}

// copyService imports the service's check-ins received at or after since (those at since may
// be there already: Import skips equal rows), oldest first. It holds them in memory meanwhile.
func copyService(ctx context.Context, src *sqlite.Store, dst *postgres.Store, service string, since time.Time) (int, error) {
	var rows []storage.Checkin
	for c, err := range src.HistorySeq(ctx, service, math.MaxInt, 0) {
		if err != nil {
			return 0, err
		}
		if c.At.Before(since) {
			break
		}
		rows = append(rows, c)
	}
	slices.Reverse(rows)
	added := 0
	for chunk := range slices.Chunk(rows, importChunk) {
		n, err := dst.Import(ctx, service, chunk)
		added += n
		if err != nil {
			return added, err
		}
	}
	return added, nil
}
