package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
)

// ErrDataLoss says the database lacks what the gateway once stored in it, or is corrupt; the
// gateway refuses to start on it unless told to accept the loss.
var ErrDataLoss = errors.New("database lost data")

// defaultQuickCheckFor bounds PRAGMA quick_check at start: past it the check is given up with
// a warning and the gateway starts. Measured on a busy 2-core machine: 1,000,000 check-ins of
// 100,000 services (a 120 MB file) add 0.9 to 1.4 s to a start of 1.8 to 2.5 s; 10 s covers
// files of about 1 GB.
const defaultQuickCheckFor = 10 * time.Second

const (
	quickCheckQuery = `PRAGMA quick_check(5)`
	sequenceQuery   = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'checkins'), 0)`
)

// WithAcceptDataLoss lets Open start on a database that fails the checks at start (see
// startcheck.go), logging what is wrong instead of refusing.
func WithAcceptDataLoss() Option { return func(o *options) { o.acceptDataLoss = true } }

// WithQuickCheckFor bounds the integrity check at start (default 10s; 0 skips it).
func WithQuickCheckFor(d time.Duration) Option { return func(o *options) { o.quickCheckFor = d } }

// refuse turns what is wrong with the database into Open's error, or, when the loss is
// accepted, into a warning.
func (s *Store) refuse(o options, what string) error {
	if o.acceptDataLoss {
		s.log.Warn("starting on a damaged database as --accept-data-loss says", "path", s.path, "problem", what)
		return nil
	}
	return fmt.Errorf("%w: %s: %s; restore the database from a backup, or start with --accept-data-loss to go on with what is left",
		ErrDataLoss, s.path, what)
}

// checkNotEmptied refuses a database file that is missing or empty although the newest-file
// says check-ins were stored in it: never a silent fresh start over an emptied file. It runs
// before anything creates the file.
func (s *Store) checkNotEmptied(o options) error {
	id, found, err := dbfile.ReadNewest(s.path)
	if err != nil || !found || id == 0 {
		return nil // read again, and warned of, after the database is open
	}
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return s.refuse(o, fmt.Sprintf("the file is missing, but check-ins up to id %d were stored in it (says %s)", id, dbfile.NewestPath(s.path)))
	case err == nil && fi.Size() == 0:
		return s.refuse(o, fmt.Sprintf("the file is empty (0 bytes), but check-ins up to id %d were stored in it (says %s)", id, dbfile.NewestPath(s.path)))
	}
	return nil
}

// quickCheck runs PRAGMA quick_check for at most o.quickCheckFor: a corrupt file is refused;
// one too large to check in time is started on with a warning.
func (s *Store) quickCheck(ctx context.Context, o options) error {
	if fi, err := os.Stat(s.path); o.quickCheckFor <= 0 || err != nil || fi.Size() == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, o.quickCheckFor)
	defer cancel()
	start := time.Now()
	var problems []string
	err := func() error {
		rows, err := s.wdb.QueryContext(ctx, quickCheckQuery)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			problems = append(problems, line)
		}
		return rows.Err()
	}()
	switch {
	case ctx.Err() != nil:
		s.log.Warn("integrity check at start given up; starting without it (run PRAGMA integrity_check with sqlite3 on a copy)",
			"path", s.path, "took", time.Since(start).Round(time.Millisecond))
		return nil
	case err != nil && !isCorrupt(err):
		return fmt.Errorf("check database %s: %w", s.path, err)
	case err != nil:
		return s.refuse(o, fmt.Sprintf("it is corrupt (%v)", err))
	case len(problems) != 1 || problems[0] != "ok":
		return s.refuse(o, "it is corrupt (PRAGMA quick_check: "+strings.Join(problems, "; ")+")")
	}
	s.log.Debug("integrity check at start passed", "path", s.path, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// checkNewest compares the database's newest check-in with the newest-file's, then starts
// keeping that file up to date. newest is the highest check-in id in the database.
func (s *Store) checkNewest(ctx context.Context, o options, newest int64) error {
	var seq int64
	if err := s.rdb.QueryRowContext(ctx, sequenceQuery).Scan(&seq); err != nil {
		return fmt.Errorf("read newest check-in id: %w", err)
	}
	have := max(seq, newest) // retention may have deleted the newest row; AUTOINCREMENT's seq stays
	id, found, err := dbfile.ReadNewest(s.path)
	switch {
	case err != nil:
		s.log.Warn("cannot tell whether check-ins were lost (after a power cut this is expected); checking from now on",
			"path", s.path, "err", err)
	case found && id > have:
		what := fmt.Sprintf("its newest check-in is id %d, but check-ins up to id %d were stored in it (says %s): at least %d acknowledged check-ins are missing, "+
			"the file or its -wal was damaged or an older copy put in its place (after restoring a backup on purpose, start once with --accept-data-loss)",
			have, id, dbfile.NewestPath(s.path), id-have)
		if err := s.refuse(o, what); err != nil {
			return err
		}
	}
	s.newest, err = dbfile.OpenNewest(s.path, have)
	return err
}
