// Package checkpoint keeps the SQLite engine's book of when the summary table is written,
// and reads at start the check-ins the table does not cover yet.
//
// The summary table is a checkpoint: a batch writes only its check-ins (and open runs), and
// the summaries that changed since the last checkpoint are stored together with the highest
// check-in id they cover (the mark) at most every DefaultEvery (sqlite.withCheckpointEvery in tests), every Rows
// check-ins, by every import and when the store closes. Open reads the summaries, then the
// check-ins after the mark through storage.Tracked.Stored, as the writer did: every field of a
// summary is the newest of something, so the order of reading does not matter, and a crash at
// any moment gives the summaries every batch would have written. Retention never deletes
// check-ins after the mark (see sqlite.Store.deleteRange), so those are all still there to read.
package checkpoint

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

const (
	// DefaultEvery is how often the summaries are stored unless told otherwise.
	DefaultEvery = time.Second
	// Rows is how many check-ins since the last checkpoint make the next one due.
	Rows = 20000

	// The queries, exported for sqlite's test of their plans.
	MarkQuery  = `SELECT checkin_id FROM summary_checkpoint WHERE one = 1`
	SinceQuery = `SELECT service, ` + storage.Columns + ` FROM checkins WHERE id > ? ORDER BY id`
	MaxIDQuery = `SELECT coalesce(max(id), 0) FROM checkins`
)

// State is what the writer knows of the summary table; guarded by the writer's lock.
type State struct {
	Every time.Duration
	// Mark is the highest check-in id the summary table covers; Newest the highest stored.
	Mark, Newest int64
	// Dirty names the services whose summaries changed since the table was written.
	Dirty map[string]bool
	At    time.Time // when the table was last written
}

// Due reports whether the next write should store the summaries; with Every 0, each does.
func (c *State) Due(now time.Time) bool {
	return c.Every <= 0 || len(c.Dirty) > 0 && (now.Sub(c.At) >= c.Every || c.Newest-c.Mark >= Rows)
}

// NoteCommitted records a committed write in the book; stored tells whether it stored the
// summaries.
func (c *State) NoteCommitted(w *writetx.Tx, stored bool, now time.Time) {
	c.Newest = max(c.Newest, w.Newest())
	if stored {
		c.Mark = c.Newest
		c.At = now
		clear(c.Dirty)
		return
	}
	for name := range w.Changed() {
		c.Dirty[name] = true
	}
}

// Read reads the book after a start: the mark, the newest check-in id, and the check-ins after
// the mark in the order they were stored, each passed to stored (as the writer did) and its
// service noted as changed.
func Read(ctx context.Context, db *sql.DB, every time.Duration, stored func(service string, c storage.Checkin)) (State, error) {
	c := State{Every: every, Dirty: map[string]bool{}, At: time.Now()}
	if err := db.QueryRowContext(ctx, MarkQuery).Scan(&c.Mark); err != nil {
		return c, fmt.Errorf("read summary checkpoint: %w", err)
	}
	if err := db.QueryRowContext(ctx, MaxIDQuery).Scan(&c.Newest); err != nil {
		return c, fmt.Errorf("read summary checkpoint: %w", err)
	}
	if c.Newest <= c.Mark {
		return c, nil
	}
	rows, err := db.QueryContext(ctx, SinceQuery, c.Mark)
	if err != nil {
		return c, fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var service string
		var r storage.Row
		if err := rows.Scan(&service, &r.ID, &r.Status, &r.Info, &r.At, &r.Kind, &r.RunID, &r.Duration); err != nil {
			return c, fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
		}
		ci, err := r.Checkin(service)
		if err != nil {
			return c, fmt.Errorf("read check-in %d: %w", r.ID, err)
		}
		stored(service, ci)
		c.Dirty[service] = true
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
	}
	return c, nil
}
