// Package sqlite keeps the check-in history in SQLite. SQL lives only here (with its
// subpackages, such as sqlite/writetx, the write transaction) and in package postgres, the
// other engine; both follow package storage and pass storagetest.Exercise.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/capnote"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/checkpoint"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/conn"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/migrate"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/startcheck"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/summaries"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/groupcommit"
)

// Store is an open check-in database.
type Store struct {
	// wdb holds the one connection that writes: the writer's batches, imports, prune's
	// deletions and Ping's probe. No read ever waits for it or holds it.
	wdb *sql.DB
	// rdb is the pool that reads history, bounded so heavy reads queue among themselves.
	rdb  *sql.DB
	path string
	log  *slog.Logger

	writer *groupcommit.Queue[writeRequest]
	// writeMu is held from reading the summaries a write starts from to applying what it
	// committed: by the writer's batches and by Import.
	writeMu   sync.Mutex
	summaries *summaries.Cache
	capNotes  capnote.Mirror   // what the history cap deleted, held in memory
	ckpt      checkpoint.State // when the summary table is written (sqlite/checkpoint); under writeMu
	insert    *sql.Stmt        // the writer's insert, prepared once on wdb

	lock   *dbfile.Lock
	watch  *dbfile.Watch  // that path still names the open file, undamaged
	newest *dbfile.Newest // the highest check-in id committed, beside the file (sqlite/startcheck)
	shm    *os.File       // the -shm file, its blocks allocated (dbfile.ReserveShm)
	// newestFailed is set once writing newest failed (logged once); under writeMu.
	newestFailed bool
	health       storage.Health
}

// defaultReaders is how many reads run at once unless WithReaders says otherwise: half the
// CPUs, so that clients paging through long histories (a read streams its rows into the
// answer while it holds its connection) can never take the CPU the check-ins need. Measured
// on 2 cores with 48 clients paging through 2,000,000 rows: check-ins' p99 4.2× and 9.7× of
// that without readers at 2 and 4 reads at once, 1.9× at 1 (57 pages of 1,000 rows a second).
func defaultReaders() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// Option changes how Open opens a store.
type Option func(*options)

type options struct {
	logger          *slog.Logger
	readers         int
	probeEvery      time.Duration
	watchEvery      time.Duration
	checkpointEvery time.Duration
	acceptDataLoss  bool
	quickCheckFor   time.Duration
}

// WithLogger names where the store logs what callers cannot see in its errors: the database
// file vanishing, the reason a Ping failed.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithReaders caps how many reads run at once (default: half the CPUs Go may use, at least
// one); more wait their turn. Writes and Ping never wait for reads.
func WithReaders(n int) Option { return func(o *options) { o.readers = max(n, 1) } }

// WithProbeEvery sets how old the last successful write may be before Ping writes to prove the
// database can still be written (default 1s).
func WithProbeEvery(d time.Duration) Option { return func(o *options) { o.probeEvery = d } }

// WithWatchEvery sets how often the store checks that its path still names the open database
// file (default 1s).
func WithWatchEvery(d time.Duration) Option { return func(o *options) { o.watchEvery = d } }

// withCheckpointEvery sets how often the writer stores the changed summaries (default 1s; see
// sqlite/checkpoint), for tests.
func withCheckpointEvery(d time.Duration) Option { return func(o *options) { o.checkpointEvery = d } }

// Open opens (creating if needed) the database at path, with its folder, and brings its
// schema up to date. It fails when another process holds the database (see lock.go).
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	o := options{logger: slog.New(slog.DiscardHandler), readers: defaultReaders(), probeEvery: time.Second, watchEvery: time.Second,
		checkpointEvery: checkpoint.DefaultEvery, quickCheckFor: defaultQuickCheckFor}
	for _, opt := range opts {
		opt(&o)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	s := &Store{path: path, log: o.logger}
	if err := s.refuse(o, startcheck.Emptied(path)); err != nil {
		return nil, err
	}
	if err := startcheck.Writable(path); err != nil {
		return nil, err
	}
	if err := dbfile.CheckSpace(filepath.Dir(path)); err != nil { // SIGBUS otherwise: see dbfile/space.go
		return nil, err
	}
	lock, err := dbfile.TakeLock(path)
	if err != nil {
		return nil, err
	}
	s.lock = lock
	if err := s.open(ctx, o); err != nil {
		s.closeDBs()
		s.closeFiles()
		return nil, err
	}
	s.health.ProbeEvery = o.probeEvery
	s.health.Record(nil)
	s.writer = groupcommit.Start(s.commitBatch)
	return s, nil
}

func (s *Store) open(ctx context.Context, o options) error {
	var err error
	if s.wdb, err = conn.Open(s.path, 1, false); err != nil {
		return err
	}
	if err := s.quickCheck(ctx, o); err != nil {
		return err
	}
	if err := migrate.Run(ctx, s.wdb); err != nil {
		return fmt.Errorf("prepare database %s: %w", s.path, err)
	}
	if s.watch, err = dbfile.NewWatch(s.path, o.watchEvery, s.logWatchFailed); err != nil {
		return err
	}
	if s.rdb, err = conn.Open(s.path, o.readers, true); err != nil {
		return err
	}
	if s.summaries, err = summaries.Load(ctx, s.rdb); err != nil {
		return fmt.Errorf("read database %s: %w", s.path, err)
	}
	if err := s.readCheckpoint(ctx, o.checkpointEvery); err != nil {
		return fmt.Errorf("read database %s: %w", s.path, err)
	}
	if err := s.checkNewest(ctx, o, s.ckpt.Newest); err != nil {
		return err
	}
	if s.insert, err = writetx.PrepareInsert(ctx, s.wdb); err != nil {
		return fmt.Errorf("prepare database %s: %w", s.path, err)
	}
	s.shm, err = dbfile.ReserveShm(s.path)
	return err
}

// Close waits for queued writes, stores the summaries, then closes the database and releases
// its lock.
func (s *Store) Close() error {
	s.writer.Stop()
	s.writeMu.Lock() // an import under way finishes first; later ones see the store closed
	s.closeCheckpoint()
	s.writeMu.Unlock()
	err := s.closeDBs()
	s.closeFiles()
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.insert != nil {
		errs = append(errs, s.insert.Close())
	}
	for _, db := range []*sql.DB{s.rdb, s.wdb} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// logGone is told once when the database file is found removed or replaced.
func (s *Store) logGone(err error) {
	s.log.Error("database file removed or replaced while running: refusing check-ins until restart; "+
		"restart the gateway to open the file now at the path", "path", s.path, "err", err)
}

// Size is the database's size on disk in bytes: the main file plus its write-ahead log.
func (s *Store) Size() (int64, error) { return dbfile.Size(s.path) }
