package sqlite

import (
	"context"
	"errors"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/startcheck"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// noteDamage fails the store (as a removed database file does: check-ins and Ping fail from
// now on) when err is SQLite reporting the file corrupt or not a database, and returns err.
func (s *Store) noteDamage(err error) error {
	if startcheck.Corrupt(err) {
		s.watch.Damaged(err)
	}
	return err
}

// Damaged reports whether the database file was found damaged while the gateway ran: shrunk,
// its header overwritten, or reported corrupt by SQLite. It stays so until a restart.
func (s *Store) Damaged() bool { return errors.Is(s.watch.Failed(), dbfile.ErrDamaged) }

// logWatchFailed is told once when the database file is found removed, replaced or damaged.
func (s *Store) logWatchFailed(err error) {
	if errors.Is(err, dbfile.ErrDamaged) {
		s.log.Error("database file damaged while running: refusing check-ins until restart; "+
			"stop the gateway, keep a copy of the file and its -wal, restore from backup or see docs/security.md",
			"path", s.path, "err", err)
		return
	}
	s.logGone(err)
}

// closeFiles closes the store's own descriptors of the database's files, after SQLite closed
// the database (see dbfile.openShape), and releases the lock.
func (s *Store) closeFiles() {
	if s.watch != nil {
		s.watch.Close()
	}
	if s.newest != nil {
		s.newest.Close()
	}
	if s.shm != nil {
		s.shm.Close()
	}
	s.lock.Close()
}

// noteNewest records the newest committed check-in id beside the database; a failure is
// logged once and otherwise only weakens the check at the next start.
func (s *Store) noteNewest() {
	if err := s.newest.Note(s.ckpt.Newest); err != nil && !s.newestFailed {
		s.newestFailed = true
		s.log.Warn("cannot record the newest check-in id; the next start cannot check for lost check-ins", "err", err)
	}
}

// damageReader reads history as reads.Reader does, and fails the store when SQLite finds the
// file corrupt on the way.
type damageReader struct {
	reads.Reader
	s *Store
}

func (r damageReader) CursorAt(ctx context.Context, service string, id int64) (int64, bool, error) {
	at, found, err := r.Reader.CursorAt(ctx, service, id)
	return at, found, r.s.noteDamage(err)
}

func (r damageReader) HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]storage.Checkin, error) {
	out, err := r.Reader.HistoryChunk(ctx, service, at, id, n)
	return out, r.s.noteDamage(err)
}
