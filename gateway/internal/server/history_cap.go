package server

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// HistoryCap hears of every check-in stored, to keep each service's history under its size cap
// (package historycap).
type HistoryCap interface {
	Added(service string, infoBytes int)
}

// cappedStore tells cap of every check-in and ping it stores.
type cappedStore struct {
	Store
	cap HistoryCap
}

func (s cappedStore) Add(ctx context.Context, c storage.Checkin) error {
	err := s.Store.Add(ctx, c)
	if err == nil {
		s.cap.Added(c.Service, len(c.Info)+len(c.RunID))
	}
	return err
}

// capPrunedReader is what a state answer reads of the history cap.
type capPrunedReader interface {
	CapPruned(ctx context.Context, service string) (storage.CapPruned, error)
}

// addCapPruned adds to a state answer what the service's history size cap deleted.
func addCapPruned(ctx context.Context, db capPrunedReader, answer *checkin.State) error {
	p, err := db.CapPruned(ctx, answer.Service)
	if err != nil || p.Count == 0 {
		return err
	}
	at := p.At.UTC()
	answer.PrunedByCap, answer.PrunedByCapAt = p.Count, &at
	return nil
}
