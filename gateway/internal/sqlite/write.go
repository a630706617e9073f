package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// write does fn in one write transaction (see writetx.Run) and publishes what it changed. It
// stores the summaries in the same transaction when checkpoint is set or a checkpoint is due.
// The caller holds writeMu.
func (s *Store) write(ctx context.Context, checkpoint bool, fn func(*writetx.Tx) error) error {
	checkpoint = checkpoint || s.ckpt.Due(time.Now())
	var ckpt *writetx.Checkpoint
	if checkpoint {
		ckpt = &writetx.Checkpoint{Dirty: s.ckpt.Dirty, Newest: s.ckpt.Newest}
	}
	w, err := writetx.Run(ctx, s.wdb, s.insert, s.summaries, ckpt, fn)
	return s.finishWrite(ctx, w, checkpoint, err)
}

// finishWrite turns a write's outcome into what its callers are told: after a good commit it
// checks that the path still names the database written to, then publishes the summaries.
func (s *Store) finishWrite(ctx context.Context, w *writetx.Tx, checkpoint bool, err error) error {
	if err == nil {
		err = s.watch.Check()
	} else {
		s.noteDamage(err)
	}
	if err != nil && ctx.Err() != nil {
		return err // an import given up by its caller: nothing wrong with the database
	}
	if err != nil {
		err = fmt.Errorf("%w: %w", storage.ErrUnavailable, err)
		s.health.Record(err)
		return err
	}
	s.summaries.Set(w.Changed())
	s.ckpt.NoteCommitted(w, checkpoint, time.Now())
	s.noteNewest()
	s.health.Record(nil)
	return nil
}
