package storage

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Summary is what a service's state depends on, kept current with every write.
type Summary struct {
	// Latest is the newest report and LatestOK the newest OK report, by time then id; starts
	// and log entries never count. A missing one is the zero Checkin (its At is zero).
	Latest, LatestOK Checkin
	// LastDuration is the length of the newest run that finished; 0 when none is known.
	LastDuration time.Duration
	// RunningSince is the start of the newest run that has not finished (zero when none is
	// open), and RunID that run's id ("" when its start carried none).
	RunningSince time.Time
	RunID        string
}

// History is the summary as the state rules see it.
func (s Summary) History() state.History {
	return state.History{Latest: s.Latest.Report(), LatestOK: s.LatestOK.Report(),
		RunningSince: s.RunningSince, LastDuration: s.LastDuration}
}

// Tracked is a Summary with what a writer needs to keep it current.
type Tracked struct {
	Summary
	// DurationAt and DurationID place the report that finished the LastDuration run, so an
	// older imported run does not displace it.
	DurationAt time.Time
	DurationID int64
	// NewestAt is the time of the newest check-in of any kind.
	NewestAt time.Time
}

// Stored notes a check-in just stored (with its ID and, for a report that closed a run, its
// Duration): the newest time, and for a report the newest report, newest OK report and the
// last run's duration.
func (t *Tracked) Stored(c Checkin) {
	if c.At.After(t.NewestAt) {
		t.NewestAt = c.At
	}
	if c.Kind != checkin.KindReport {
		return
	}
	if c.NewerThan(t.Latest) {
		t.Latest = c
	}
	if c.Status == checkin.OK && c.NewerThan(t.LatestOK) {
		t.LatestOK = c
	}
	if c.Duration > 0 && (c.At.After(t.DurationAt) || c.At.Equal(t.DurationAt) && c.ID > t.DurationID) {
		t.LastDuration, t.DurationAt, t.DurationID = c.Duration, c.At, c.ID
	}
}

// Opened notes a start just stored as an open run. It reports stale when a newer report is
// stored already: an imported run that the import's own reports may close, and otherwise
// history, not open; the engine drops such runs before it commits.
func (t *Tracked) Opened(c Checkin) (stale bool) {
	if t.Latest.At.After(c.At) {
		stale = true
	} else if !c.At.Before(t.RunningSince) {
		t.RunningSince, t.RunID = c.At, c.RunID // a report looks for a run only when one may be open
	}
	if t.RunningSince.IsZero() {
		t.RunningSince = c.At
	}
	return stale
}
