// Package postgres keeps the check-in history in PostgreSQL, so that several gateways can share
// one database. It has the SQLite store's methods and meaning (store.Checkin, store.ErrUnavailable,
// the same state, history and retention rules) and keeps no per-process cache: every state
// answer reads the database, so a check-in acknowledged by one gateway is seen by all at once.
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store/rules"
)

// readConns bounds the connections that read (state, history, pages, metrics, retention), so
// that heavy reads queue among themselves. The writers and Ping's probe have a pool of their
// own: no check-in and no /alive waits for a reader's connection.
const readConns = 8

// Store is an open PostgreSQL check-in database.
type Store struct {
	wpool  *pgxpool.Pool // writers, Import and Ping's probe
	pool   *pgxpool.Pool // reads and retention
	dsn    string        // redacted
	writer *writer
	log    *slog.Logger
	health rules.Health
}

// Option changes how Open opens a store.
type Option func(*Store)

// WithLogger names where the store logs what callers cannot see in its errors (why a Ping
// failed).
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// WithProbeEvery sets how old the last successful write may be before Ping writes to prove the
// database still takes writes (default 1s).
func WithProbeEvery(d time.Duration) Option { return func(s *Store) { s.health.ProbeEvery = d } }

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
		return nil, fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	if err := migrate(ctx, wpool); err != nil {
		s.closePools()
		return nil, fmt.Errorf("prepare database %s: %w", Redact(dsn), err)
	}
	s.health.ProbeEvery = time.Second
	for _, opt := range opts {
		opt(s)
	}
	s.health.Record(nil)
	s.writer = startWriter(wpool, s.health.Record)
	return s, nil
}

// Close waits for queued writes, then closes the connections.
func (s *Store) Close() error {
	s.writer.stop()
	s.closePools()
	return nil
}

func (s *Store) closePools() {
	s.wpool.Close()
	s.pool.Close()
}

// Size is the space the check-ins take in the database, indexes included, in bytes.
func (s *Store) Size() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT pg_total_relation_size('checkins') + pg_total_relation_size('service_summary')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("size of database: %w", err)
	}
	return n, nil
}

// errClosed is store.ErrClosed, named here for the writer.
var errClosed = store.ErrClosed
