package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// The summary table is a checkpoint: a batch writes only its check-ins (and open runs), and
// the summaries that changed since the last checkpoint are stored together with the highest
// check-in id they cover (the mark) at most every checkpointEvery, every checkpointRows
// check-ins, by every import and when the store closes. Open reads the summaries, then the
// check-ins after the mark through storage.Tracked.Stored, as the writer did: every field of a
// summary is the newest of something, so the order of reading does not matter, and a crash at
// any moment gives the summaries every batch would have written. Retention never deletes
// check-ins after the mark (see deleteRange), so those are all still there to read.
const (
	defaultCheckpointEvery = time.Second
	checkpointRows         = 20000

	markQuery  = `SELECT checkin_id FROM summary_checkpoint WHERE one = 1`
	sinceQuery = `SELECT service, ` + checkinColumns + ` FROM checkins WHERE id > ? ORDER BY id`
	maxIDQuery = `SELECT coalesce(max(id), 0) FROM checkins`
)

// checkpoint is what the writer knows of the summary table; guarded by Store.writeMu.
type checkpoint struct {
	every time.Duration
	// mark is the highest check-in id the summary table covers; newest the highest stored.
	mark, newest int64
	// dirty names the services whose summaries changed since the table was written.
	dirty map[string]bool
	at    time.Time // when the table was last written
}

// due reports whether the next write should store the summaries; with every 0, each does.
func (c *checkpoint) due(now time.Time) bool {
	return c.every <= 0 || len(c.dirty) > 0 && (now.Sub(c.at) >= c.every || c.newest-c.mark >= checkpointRows)
}

// readCheckpoint brings the summaries up to date after a start: it reads the check-ins after
// the mark in the order they were stored and notes them as the writer did.
func (s *Store) readCheckpoint(ctx context.Context, every time.Duration) error {
	s.ckpt = checkpoint{every: every, dirty: map[string]bool{}, at: time.Now()}
	if err := s.rdb.QueryRowContext(ctx, markQuery).Scan(&s.ckpt.mark); err != nil {
		return fmt.Errorf("read summary checkpoint: %w", err)
	}
	if err := s.rdb.QueryRowContext(ctx, maxIDQuery).Scan(&s.ckpt.newest); err != nil {
		return fmt.Errorf("read summary checkpoint: %w", err)
	}
	if s.ckpt.newest <= s.ckpt.mark {
		return nil
	}
	rows, err := s.rdb.QueryContext(ctx, sinceQuery, s.ckpt.mark)
	if err != nil {
		return fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
	}
	defer rows.Close()
	changed := map[string]*storage.Tracked{}
	for rows.Next() {
		var service string
		var r storage.Row
		if err := rows.Scan(&service, &r.ID, &r.Status, &r.Info, &r.At, &r.Kind, &r.RunID, &r.Duration); err != nil {
			return fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
		}
		c, err := r.Checkin(service)
		if err != nil {
			return fmt.Errorf("read check-in %d: %w", r.ID, err)
		}
		sum, ok := changed[service]
		if !ok {
			e, _ := s.summaries.Get(service)
			sum = &e
			changed[service] = sum
		}
		sum.Stored(c)
		s.ckpt.dirty[service] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read check-ins after the summary checkpoint: %w", err)
	}
	s.summaries.Set(changed)
	return nil
}

// noteCommitted records a committed write in the checkpoint's bookkeeping; stored tells
// whether it stored the summaries.
func (c *checkpoint) noteCommitted(w *writetx.Tx, stored bool, now time.Time) {
	c.newest = max(c.newest, w.Newest())
	if stored {
		c.mark = c.newest
		c.at = now
		clear(c.dirty)
		return
	}
	for name := range w.Changed() {
		c.dirty[name] = true
	}
}

// writeCheckpoint stores the summaries changed since the last checkpoint now, in a
// transaction of its own.
func (s *Store) writeCheckpoint(ctx context.Context) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.writeCheckpointLocked(ctx)
}

func (s *Store) writeCheckpointLocked(ctx context.Context) error {
	if len(s.ckpt.dirty) == 0 {
		return nil
	}
	return s.write(ctx, true, func(*writetx.Tx) error { return nil })
}

// closeCheckpoint stores the summaries as the store closes, so that the next start has no
// check-ins to read again. A failure is logged: the next start reads more check-ins instead.
// The caller holds writeMu.
func (s *Store) closeCheckpoint() {
	if err := s.writeCheckpointLocked(context.Background()); err != nil {
		s.log.Warn("could not store the summaries at close; the next start reads the newest check-ins again",
			"path", s.path, "err", err)
	}
}
