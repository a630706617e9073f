// Package postgres keeps the check-in history in PostgreSQL, so that several gateways can share
// one database. It has the SQLite store's methods and meaning (store.Checkin, store.ErrUnavailable,
// the same state, history and retention rules) and keeps no per-process cache: every state
// answer reads the database, so a check-in acknowledged by one gateway is seen by all at once.
package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// maxConns bounds the gateway's connections to the database: the writers' plus readers'.
const maxConns = 16

// pingTimeout bounds Ping, so that /alive answers quickly while the database does not.
const pingTimeout = 2 * time.Second

// Store is an open PostgreSQL check-in database.
type Store struct {
	pool   *pgxpool.Pool
	dsn    string // redacted
	writer *writer
	// lastWriteErr is the error of the newest failed commit, cleared by the next good one.
	lastWriteErr atomic.Pointer[error]
}

// Open connects to the database at dsn (a postgres:// or postgresql:// URL; a password may also
// come from PGPASSWORD or ~/.pgpass) and brings its schema up to date. It fails when the
// database cannot be reached; errors name the URL without its password.
func Open(ctx context.Context, dsn string) (*Store, error) {
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
	s := &Store{pool: pool, dsn: Redact(dsn)}
	s.writer = startWriter(pool, s.recordWrite)
	return s, nil
}

// Close waits for queued writes, then closes the connections.
func (s *Store) Close() error {
	s.writer.stop()
	s.pool.Close()
	return nil
}

func (s *Store) recordWrite(err error) {
	if err == nil {
		s.lastWriteErr.Store(nil)
		return
	}
	s.lastWriteErr.Store(&err)
}

// Ping checks that the database answers. After a failed write it also checks that the database
// takes writes again (a server in recovery or read-only answers reads), with a probe write.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	var one int
	if err := s.pool.QueryRow(ctx, `SELECT 1 FROM schema_migrations LIMIT 1`).Scan(&one); err != nil {
		return fmt.Errorf("query database: %w", err)
	}
	if s.lastWriteErr.Load() == nil {
		return nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE write_probe SET written_at = now() WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("%w: write probe: %w", store.ErrUnavailable, err)
	}
	s.recordWrite(nil)
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
