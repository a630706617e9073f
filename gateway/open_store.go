package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/historycap"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/server"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// storeFlags choose the database: a SQLite file, or PostgreSQL for several gateways.
type storeFlags struct {
	DB     dbLocation    `help:"The database: a SQLite file (its folder is created if missing) or file: URL, or a postgres:// (postgresql://) URL to share one PostgreSQL database between gateways; its password may come from PGPASSWORD or ~/.pgpass and is never logged." default:"data/checkins.db" env:"CHECKIN_DB"`
	DBWait time.Duration `help:"How long to keep trying to reach PostgreSQL at start before exiting with an error; 0 tries once." default:"30s" env:"CHECKIN_DB_WAIT"`
}

// dbLocation is --db: a SQLite path or a PostgreSQL URL. It logs without a password.
type dbLocation string

// LogValue is the location with any password replaced.
func (d dbLocation) LogValue() slog.Value { return slog.StringValue(d.redacted()) }

func (d dbLocation) redacted() string {
	if d.isPostgres() {
		return postgres.Redact(d.postgresURL())
	}
	return string(d)
}

func (d dbLocation) isPostgres() bool {
	s := strings.ToLower(string(d))
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// postgresURL is the URL with its scheme in lower case, as pgx wants it.
func (d dbLocation) postgresURL() string {
	scheme, rest, _ := strings.Cut(string(d), ":")
	return strings.ToLower(scheme) + ":" + rest
}

// sqlitePath is the file a SQLite location names: a path (~/ is the home folder) or a file: URL.
func (d dbLocation) sqlitePath() (string, error) {
	s := string(d)
	if strings.HasPrefix(s, "file:") {
		u, err := url.Parse(s)
		if err != nil {
			return "", fmt.Errorf("--db %s: %w", s, err)
		}
		if u.Opaque != "" {
			return u.Opaque, nil
		}
		return u.Path, nil
	}
	if rest, ok := strings.CutPrefix(s, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("--db %s: %w", s, err)
		}
		return filepath.Join(home, rest), nil
	}
	return s, nil
}

// gatewayStore is what the gateway needs of a database, whichever engine holds it.
type gatewayStore interface {
	server.Store
	retention.Pruner
	historycap.Pruner
	Warm(ctx context.Context, services []string) error
	legacy.Importer // import-legacy
	Close() error
}

// openStore opens the database --db names. PostgreSQL that cannot be reached is tried again,
// with growing pauses, for up to --db-wait (it may still be starting, as at a data centre's
// power-on); then, or at once for a mistake that waiting cannot cure (wrong password, missing
// database), the gateway exits with an error naming the database.
func (f storeFlags) openStore(ctx context.Context, log *slog.Logger) (gatewayStore, error) {
	if !f.DB.isPostgres() {
		path, err := f.DB.sqlitePath()
		if err != nil {
			return nil, err
		}
		return store.Open(ctx, path, store.WithLogger(log))
	}
	deadline := time.Now().Add(f.DBWait)
	pause := 250 * time.Millisecond
	for {
		st, err := postgres.Open(ctx, f.DB.postgresURL(), postgres.WithLogger(log))
		if err == nil {
			return st, nil
		}
		if !postgres.Retryable(err) {
			return nil, fmt.Errorf("%w (not tried again: waiting does not cure this)", err)
		}
		// The last pause ends at the deadline, so the gateway waits the whole --db-wait.
		left := time.Until(deadline)
		if left <= 0 || ctx.Err() != nil {
			return nil, fmt.Errorf("%w (tried for %v; see --db-wait)", err, f.DBWait)
		}
		wait := min(pause, left)
		log.Warn("database not reachable yet; trying again", "db", f.DB, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (stopped while waiting for it)", err)
		case <-time.After(wait):
		}
		pause = min(2*pause, 5*time.Second)
	}
}
