// Package postgres keeps the check-in history in PostgreSQL, so that several gateways can share
// one database. It has the SQLite engine's methods and follows package storage as that one does
// (storage.Checkin, storage.ErrUnavailable, the same state, history and retention rules), and
// keeps no per-process cache: every state answer reads the database, so a check-in
// acknowledged by one gateway is seen by all at once. It imports nothing of package sqlite.
package postgres

import (
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/groupcommit"
)

// Store is an open PostgreSQL check-in database.
type Store struct {
	wpool  *pgxpool.Pool // writers, Import and Ping's probe
	pool   *pgxpool.Pool // reads and retention
	dsn    string        // redacted
	writer *groupcommit.Queue[storage.Checkin]
	log    *slog.Logger
	health storage.Health
}

// Option changes how Open opens a store.
type Option func(*Store)

// WithLogger names where the store logs what callers cannot see in its errors (why a Ping
// failed).
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// WithProbeEvery sets how old the last successful write may be before Ping writes to prove the
// database still takes writes (default 1s).
func WithProbeEvery(d time.Duration) Option { return func(s *Store) { s.health.ProbeEvery = d } }
