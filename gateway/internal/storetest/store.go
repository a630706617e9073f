package storetest

import (
	"context"
	"iter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// Store is what every storage engine offers the gateway.
type Store interface {
	Add(ctx context.Context, c store.Checkin) error
	Import(ctx context.Context, service string, rows []store.Checkin) (added int, err error)
	Summary(ctx context.Context, service string) (store.Summary, error)
	Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error)
	History(ctx context.Context, service string, limit int) ([]store.Checkin, error)
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]store.Checkin, error)
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[store.Checkin, error]
	Prune(ctx context.Context, before time.Time, keep int, opts store.PruneOptions) (int, error)
	Ping(ctx context.Context) error
	Services(ctx context.Context) ([]string, error)
	PruneToBytes(ctx context.Context, service string, maxBytes int64, keep int, at time.Time) (int, error)
	CapPruned(ctx context.Context, service string) (store.CapPruned, error)
	Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Mark, error)
	Close() error
}
