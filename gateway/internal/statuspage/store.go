package statuspage

import (
	"context"
	"iter"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Store is what the status pages read of the check-in database: the summaries (from memory)
// for the states, a service's history, newest first, for its timeline and history table.
type Store interface {
	overview.Summaries
	historySeq
	capPrunedReader
	markReader
}

// historySeq is what the page reads of the store.
type historySeq interface {
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error]
}
