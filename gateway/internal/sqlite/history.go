package sqlite

import (
	"context"
	"iter"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (the last one of the previous page; 0 starts at the newest).
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error) {
	return storage.Collect(s.HistorySeq(ctx, service, limit, before))
}

// HistorySeq yields what HistoryPage returns, one check-in at a time (see storage.HistorySeq).
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error] {
	return storage.HistorySeq(ctx, damageReader{reads.Reader{DB: s.rdb}, s}, service, limit, before)
}
