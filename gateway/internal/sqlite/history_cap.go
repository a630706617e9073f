package sqlite

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/oldrows"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// capBatch is the most check-ins one transaction of PruneToBytes deletes.
const capBatch = 1000

// PruneToBytes deletes a service's oldest check-ins until its history's size (see
// storage.RowOverhead) is at most maxBytes, keeping its newest keep check-ins whatever their
// size, its newest report and its newest OK report. It notes what it deleted, at the time
// at, for CapPruned, and gives the freed pages back to the file system. It returns how many
// check-ins it deleted.
func (s *Store) PruneToBytes(ctx context.Context, service string, maxBytes int64, keep int, at time.Time) (int, error) {
	keepFrom, found, err := oldrows.CapCut(ctx, s.rdb, service, maxBytes, max(keep, 1))
	if err != nil || !found {
		return 0, err
	}
	// Check-ins after the summaries' checkpoint are never deleted (see deleteRange): store
	// the summaries first.
	if err := s.writeCheckpoint(ctx); err != nil {
		return 0, fmt.Errorf("cap history of %s: %w", service, err)
	}
	deleted := 0
	after := oldrows.Position{At: math.MinInt64}
	for {
		first, last, done, err := oldrows.Range(ctx, s.rdb, service, after, keepFrom, math.MaxInt64, capBatch)
		if err != nil {
			return deleted, s.notePruned(ctx, service, deleted, at, fmt.Errorf("cap history of %s: %w", service, err))
		}
		if last == (oldrows.Position{}) {
			break
		}
		n, err := s.deleteRange(ctx, service, first, last)
		deleted += n
		if err != nil {
			return deleted, s.notePruned(ctx, service, deleted, at, fmt.Errorf("cap history of %s: %w", service, err))
		}
		after = last
		if done {
			break
		}
	}
	if err := s.notePruned(ctx, service, deleted, at, nil); err != nil {
		return deleted, err
	}
	return deleted, s.freePages(ctx)
}

// notePruned adds deleted check-ins to the service's count of those a cap deleted, and
// returns failed, or the error of noting them.
func (s *Store) notePruned(ctx context.Context, service string, deleted int, at time.Time, failed error) error {
	if deleted == 0 {
		return failed
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return errors.Join(failed, s.capNotes.Add(ctx, s.wdb, service, deleted, at))
}

// CapPruned says what a history size cap deleted of a service so far.
func (s *Store) CapPruned(ctx context.Context, service string) (storage.CapPruned, error) {
	return s.capNotes.Read(ctx, s.rdb, service)
}
