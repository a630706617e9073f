package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/startcheck"
)

// ErrDataLoss says the database lacks what the gateway once stored in it, or is corrupt; the
// gateway refuses to start on it unless told to accept the loss.
var ErrDataLoss = errors.New("database lost data")

// defaultQuickCheckFor bounds PRAGMA quick_check at start: past it the check is given up with
// a warning and the gateway starts. Measured on a busy 2-core machine: 1,000,000 check-ins of
// 100,000 services (a 120 MB file) add 0.9 to 1.4 s to a start of 1.8 to 2.5 s; 10 s covers
// files of about 1 GB.
const defaultQuickCheckFor = 10 * time.Second

// WithAcceptDataLoss lets Open start on a database that fails the checks at start (see
// sqlite/startcheck), logging what is wrong instead of refusing.
func WithAcceptDataLoss() Option { return func(o *options) { o.acceptDataLoss = true } }

// WithQuickCheckFor bounds the integrity check at start (default 10s; 0 skips it).
func WithQuickCheckFor(d time.Duration) Option { return func(o *options) { o.quickCheckFor = d } }

// refuse turns what is wrong with the database into Open's error, or, when the loss is
// accepted, into a warning. An empty what is nothing wrong.
func (s *Store) refuse(o options, what string) error {
	if what == "" {
		return nil
	}
	if o.acceptDataLoss {
		s.log.Warn("starting on a damaged database as --accept-data-loss says", "path", s.path, "problem", what)
		return nil
	}
	return fmt.Errorf("%w: %s: %s; restore the database from a backup, or start with --accept-data-loss to go on with what is left",
		ErrDataLoss, s.path, what)
}

// quickCheck refuses a corrupt file (startcheck.Quick).
func (s *Store) quickCheck(ctx context.Context, o options) error {
	problem, err := startcheck.Quick(ctx, s.wdb, s.path, o.quickCheckFor, s.log)
	if err != nil {
		return err
	}
	return s.refuse(o, problem)
}

// checkNewest compares the database's newest check-in with the newest-file's, then starts
// keeping that file up to date. newest is the highest check-in id in the database.
func (s *Store) checkNewest(ctx context.Context, o options, newest int64) error {
	have, problem, err := startcheck.Lost(ctx, s.rdb, s.path, newest, s.log)
	if err != nil {
		return err
	}
	if err := s.refuse(o, problem); err != nil {
		return err
	}
	s.newest, err = dbfile.OpenNewest(s.path, have)
	return err
}
