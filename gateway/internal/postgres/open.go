package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/migrate"
)

// readConns bounds the connections that read (state, history, pages, metrics, retention), so
// that heavy reads queue among themselves. The writers and Ping's probe have a pool of their
// own: no check-in and no /alive waits for a reader's connection.
const readConns = 8

// Open connects to the database at dsn (a postgres:// or postgresql:// URL; a password may also
// come from PGPASSWORD or ~/.pgpass) and brings its schema up to date. It fails when the
// database cannot be reached; errors name the URL without its password.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrBadURL, Redact(dsn), err)
	}
	// A 204 means committed: never let a server-side default make commits asynchronous.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.ConnConfig.RuntimeParams["application_name"] = "checkin-gateway"
	wcfg := cfg.Copy()
	wcfg.MaxConns = writers + 1
	cfg.MaxConns = readConns
	wpool, err := pgxpool.NewWithConfig(ctx, wcfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		wpool.Close()
		return nil, fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	s := &Store{wpool: wpool, pool: pool, dsn: Redact(dsn), log: slog.New(slog.DiscardHandler)}
	if err := wpool.Ping(ctx); err != nil {
		s.closePools()
		return nil, fmt.Errorf("connect to %s: %w%s", Redact(dsn), err, noPasswordHint(cfg.ConnConfig.Password, err))
	}
	if err := migrate.Run(ctx, wpool); err != nil {
		s.closePools()
		return nil, fmt.Errorf("prepare database %s: %w", Redact(dsn), err)
	}
	s.health.ProbeEvery = time.Second
	for _, opt := range opts {
		opt(s)
	}
	s.health.Record(nil)
	s.writer = s.startWriter()
	return s, nil
}

// Close waits for queued writes, then closes the connections.
func (s *Store) Close() error {
	s.writer.Stop()
	s.closePools()
	return nil
}

func (s *Store) closePools() {
	s.wpool.Close()
	s.pool.Close()
}

// noPasswordHint explains a refused password when none was found: a command run with sudo
// sees neither the gateway's PGPASSWORD nor its ~/.pgpass, and "password authentication
// failed" alone reads as a wrong password.
func noPasswordHint(password string, err error) string {
	var pgErr *pgconn.PgError
	if password != "" || !errors.As(err, &pgErr) || pgErr.Code != "28P01" {
		return ""
	}
	passfile := os.Getenv("PGPASSFILE")
	if passfile == "" {
		home, _ := os.UserHomeDir()
		passfile = filepath.Join(home, ".pgpass")
	}
	return fmt.Sprintf(" (no password was given: none in the URL, PGPASSWORD or %s)", passfile)
}
