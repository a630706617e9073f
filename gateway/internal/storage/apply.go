package storage

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// MaxOpenRuns caps the open runs kept per service: a client that sends starts with ever new run
// ids and never finishes them cannot grow the table without end. The oldest go first.
const MaxOpenRuns = 100

// Tx is what a write transaction does in its database for Apply.
type Tx interface {
	// CloseRun closes the run report c finishes, if any (the newest open one that started at
	// or before it, with the same run id when c has one), and sets c.Duration.
	CloseRun(ctx context.Context, c *Checkin) error
	// LaterStart reports whether a run with c's run id started after c.
	LaterStart(ctx context.Context, c *Checkin) (bool, error)
	// SupersedeRun closes the open runs with c's run id.
	SupersedeRun(ctx context.Context, c *Checkin) error
	// Insert stores c's row and sets c.ID.
	Insert(ctx context.Context, c *Checkin) error
	// OpenRun stores start c as an open run, dropping the oldest beyond MaxOpenRuns; stale
	// (see Tracked.Opened) asks to drop it again before the commit.
	OpenRun(ctx context.Context, c *Checkin, stale bool) error
}

// Apply stores one check-in by the rules of its kind and notes what it changes in the
// service's summary sum. A report closes the newest open run (with the same run id, when it
// carries one) and gets the run's duration; a start opens a run, replacing an open one with
// its run id, unless a later start with that id is open already (an import of old starts
// meeting a run open now: then it is history only); a log entry is only stored. It sets c.ID,
// c.At (UTC) and, on a report that closed a run, c.Duration.
func Apply(ctx context.Context, tx Tx, sum *Tracked, c *Checkin) error {
	c.At = c.At.UTC()
	switch c.Kind {
	case checkin.KindReport:
		if !sum.RunningSince.IsZero() {
			if err := tx.CloseRun(ctx, c); err != nil {
				return err
			}
		}
	case checkin.KindStart:
		if !sum.RunningSince.IsZero() {
			later, err := tx.LaterStart(ctx, c)
			if err != nil {
				return err
			}
			if later {
				return tx.Insert(ctx, c)
			}
		}
		if err := tx.SupersedeRun(ctx, c); err != nil {
			return err
		}
	}
	if err := tx.Insert(ctx, c); err != nil {
		return err
	}
	sum.Stored(*c)
	if c.Kind == checkin.KindStart {
		return tx.OpenRun(ctx, c, sum.Opened(*c))
	}
	return nil
}
