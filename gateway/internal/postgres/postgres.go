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
)

// maxConns bounds the gateway's connections to the database: the writers' plus readers'.
const maxConns = 16

// Store is an open PostgreSQL check-in database.
type Store struct {
	pool   *pgxpool.Pool
	dsn    string // redacted
	writer *writer
	log    *slog.Logger
	health health
}

// Option changes how Open opens a store.
type Option func(*Store)

// WithLogger names where the store logs what callers cannot see in its errors (why a Ping
// failed).
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// WithProbeEvery sets how old the last successful write may be before Ping writes to prove the
// database still takes writes (default 1s).
func WithProbeEvery(d time.Duration) Option { return func(s *Store) { s.health.probeEvery = d } }

// Open connects to the database at dsn (a postgres:// or postgresql:// URL; a password may also
// come from PGPASSWORD or ~/.pgpass) and brings its schema up to date. It fails when the
// database cannot be reached; errors name the URL without its password.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrBadURL, Redact(dsn), err)
	}
	cfg.MaxConns = maxConns
	// A 204 means committed: never let a server-side default make commits asynchronous.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.ConnConfig.RuntimeParams["application_name"] = "checkin-gateway"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("prepare database %s: %w", Redact(dsn), err)
	}
	s := &Store{pool: pool, dsn: Redact(dsn), log: slog.New(slog.DiscardHandler)}
	s.health.probeEvery = time.Second
	for _, opt := range opts {
		opt(s)
	}
	s.health.lastGood.Store(time.Now().UnixNano())
	s.writer = startWriter(pool, s.recordWrite)
	return s, nil
}

// Close waits for queued writes, then closes the connections.
func (s *Store) Close() error {
	s.writer.stop()
	s.pool.Close()
	return nil
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
