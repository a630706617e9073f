// Package store keeps the check-in history in SQLite. All SQL of the gateway lives here.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("store is closed")

// ErrUnavailable wraps every failed write: the database could not store the check-in (disk
// full, file or file system read-only, I/O error), and nothing of it was stored.
var ErrUnavailable = errors.New("database cannot be written")

// Checkin is one stored check-in.
type Checkin struct {
	ID      int64
	Service string
	Status  checkin.Status
	Info    string
	At      time.Time
	// Kind is KindReport for a check-in that carries a status, KindStart for a run's start
	// signal and KindLog for a log entry; only reports decide the state.
	Kind checkin.Kind
	// RunID pairs a start with the report that finishes it; "" when the client sent none.
	RunID string
	// Duration is the length of the run this report closed; 0 when it closed none.
	Duration time.Duration
}

// Report is the check-in as the state rules see it; the zero Checkin gives the zero Report
// ("none").
func (c Checkin) Report() state.Report {
	return state.Report{Status: c.Status, Info: c.Info, At: c.At}
}

// Store is an open check-in database.
type Store struct {
	db     *sql.DB
	path   string
	writer *writer
	cache  *newestCache
	// lastWriteErr is the error of the newest failed commit, cleared by the next good one
	// (a check-in or Ping's probe).
	lastWriteErr atomic.Pointer[error]
}

// Open opens (creating if needed) the database at path, with its folder, and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL") // every commit is on disk before it is acknowledged
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	// State queries are answered from memory, so each connection needs only the upper levels
	// of the indexes; the operating system's file cache holds the rest. 512 KiB a connection
	// (SQLite's default is 2 MiB) keeps the gateway small.
	q.Set("_cache_size", "-512")
	db, err := sql.Open(driverName, "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, cache: newNewestCache()}
	s.writer = startWriter(db, s.recordWrite, s.cache.committed)
	return s, nil
}

// Close waits for queued writes, then closes the database.
func (s *Store) Close() error {
	s.writer.stop()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

func (s *Store) recordWrite(err error) {
	if err == nil {
		s.lastWriteErr.Store(nil)
		return
	}
	s.lastWriteErr.Store(&err)
}

// Ping checks that the database answers. After a failed write it also checks that the
// database can be written again, with a probe write: so Ping fails while writes fail, and
// recovers once they work, whether or not check-ins arrive meanwhile.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations LIMIT 1`).Scan(&one); err != nil {
		return fmt.Errorf("query database: %w", err)
	}
	if s.lastWriteErr.Load() == nil {
		return nil
	}
	return s.probe(ctx)
}

// checkWritable makes sure the database file and its folder (where SQLite keeps the -wal and
// -shm files) can be written, so that a read-only file or file system is named as such at
// start, not as SQLite's "unable to open database file".
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("open database for writing: %w", err)
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".checkin-write-test-*")
	if err != nil {
		return fmt.Errorf("database folder %s is not writable: %w", filepath.Dir(path), err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}
