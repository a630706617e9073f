package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/daemon"
)

// storeFlags choose the database: a SQLite file, or PostgreSQL for several gateways.
type storeFlags struct {
	DB     daemon.Location `help:"The database: a SQLite file (its folder is created if missing) or file: URL, or a postgres:// (postgresql://) URL to share one PostgreSQL database between gateways; its password may come from PGPASSWORD or ~/.pgpass and is never logged." default:"data/checkins.db" env:"CHECKIN_DB"`
	DBWait time.Duration   `help:"How long to keep trying to reach PostgreSQL at start before exiting with an error; 0 tries once." default:"30s" env:"CHECKIN_DB_WAIT"`
}

// openStore opens the database --db names, waiting up to --db-wait for PostgreSQL.
func (f storeFlags) openStore(ctx context.Context, log *slog.Logger) (daemon.Store, error) {
	return daemon.OpenStore(ctx, f.DB, f.DBWait, log)
}
