package daemon

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
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
)

// Location is --db: a SQLite path or a PostgreSQL URL. It logs without a password.
type Location string

// LogValue is the location with any password replaced.
func (d Location) LogValue() slog.Value { return slog.StringValue(d.redacted()) }

func (d Location) redacted() string {
	if d.IsPostgres() {
		return postgres.Redact(d.PostgresURL())
	}
	return string(d)
}

// IsPostgres reports whether d is a postgres:// or postgresql:// URL.
func (d Location) IsPostgres() bool {
	s := strings.ToLower(string(d))
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// PostgresURL is the URL with its scheme in lower case, as pgx wants it.
func (d Location) PostgresURL() string {
	scheme, rest, _ := strings.Cut(string(d), ":")
	return strings.ToLower(scheme) + ":" + rest
}

// SQLitePath is the file a SQLite location names: a path (~/ is the home folder) or a file: URL.
func (d Location) SQLitePath() (string, error) {
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

// Store is what the gateway needs of a database, whichever engine holds it.
type Store interface {
	server.Store
	retention.Pruner
	historycap.Pruner
	legacy.Importer // import-legacy
	storeIdentity   // push mode's leader metric
	Close() error
}

// StoreOptions are how OpenStore opens the database: --db-wait and --accept-data-loss.
type StoreOptions struct {
	Wait           time.Duration // how long to keep trying to reach PostgreSQL
	AcceptDataLoss bool          // start on a SQLite database that fails the checks at start
}

// storeOptions are the StoreOptions serve's flags ask for.
func (c Config) storeOptions() StoreOptions {
	return StoreOptions{Wait: c.DBWait, AcceptDataLoss: c.AcceptDataLoss}
}

// OpenStore opens the database db names. PostgreSQL that cannot be reached is tried again,
// with growing pauses, for up to --db-wait (it may still be starting, as at a data centre's
// power-on); then, or at once for a mistake that waiting cannot cure (wrong password, missing
// database), the gateway exits with an error naming the database. A SQLite database that lost
// check-ins or is corrupt is refused unless o.AcceptDataLoss (see sqlite.WithAcceptDataLoss).
func OpenStore(ctx context.Context, db Location, o StoreOptions, log *slog.Logger) (Store, error) {
	if !db.IsPostgres() {
		path, err := db.SQLitePath()
		if err != nil {
			return nil, err
		}
		opts := []sqlite.Option{sqlite.WithLogger(log)}
		if o.AcceptDataLoss {
			opts = append(opts, sqlite.WithAcceptDataLoss())
		}
		st, err := sqlite.Open(ctx, path, opts...)
		if err != nil {
			return nil, explainDBPathError(path, err)
		}
		return st, nil
	}
	deadline := time.Now().Add(o.Wait)
	pause := 250 * time.Millisecond
	for {
		st, err := postgres.Open(ctx, db.PostgresURL(), postgres.WithLogger(log))
		if err == nil {
			return st, nil
		}
		if !postgres.Retryable(err) {
			return nil, fmt.Errorf("%w (not tried again: waiting does not cure this)", err)
		}
		// The last pause ends at the deadline, so the gateway waits the whole --db-wait.
		left := time.Until(deadline)
		if left <= 0 || ctx.Err() != nil {
			return nil, fmt.Errorf("%w (tried for %v; see --db-wait)", err, o.Wait)
		}
		wait := min(pause, left)
		log.Warn("database not reachable yet; trying again", "db", db, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (stopped while waiting for it)", err)
		case <-time.After(wait):
		}
		pause = min(2*pause, 5*time.Second)
	}
}
