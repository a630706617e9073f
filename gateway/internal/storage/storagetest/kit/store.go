// Package kit is what the conformance suite's parts share: the Store every engine offers,
// the time T0 the check-ins are counted from, and helpers that fail the test on an error.
// storagetest and each part import it; it imports neither.
package kit

import (
	"context"
	"iter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Store is what every storage engine offers the gateway.
type Store interface {
	Add(ctx context.Context, c storage.Checkin) error
	Import(ctx context.Context, service string, rows []storage.Checkin) (added int, err error)
	Summary(ctx context.Context, service string) (storage.Summary, error)
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error)
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error]
	Prune(ctx context.Context, before time.Time, keep int, opts storage.PruneOptions) (int, error)
	Ping(ctx context.Context) error
	InstallSecret(ctx context.Context, name string) ([]byte, error)
	StoreID(ctx context.Context) (string, error)
	RenameService(ctx context.Context, from, to string) (int, error)
	Services(ctx context.Context) ([]string, error)
	PruneToBytes(ctx context.Context, service string, maxBytes int64, keep int, at time.Time) (int, error)
	CapPruned(ctx context.Context, service string) (storage.CapPruned, error)
	Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error)
	Close() error
}
