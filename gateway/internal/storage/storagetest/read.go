package storagetest

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
)

// History returns up to limit check-ins of a service, newest first: the first page of s's
// history. The engines have no such method; tests read histories whole with it.
func History(ctx context.Context, s interface {
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error)
}, service string, limit int) ([]storage.Checkin, error) {
	return kit.History(ctx, s, service, limit)
}

// Latest returns the newest report of a service and its newest OK report, from its summary.
func Latest(ctx context.Context, s interface {
	Summary(ctx context.Context, service string) (storage.Summary, error)
}, service string) (latest, latestOK storage.Checkin, err error) {
	return kit.Latest(ctx, s, service)
}

// Store is what every storage engine offers the gateway (kit.Store).
type Store = kit.Store
