package server

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// storedAdder tells stored the service of every check-in the store took (Deps.Stored).
type storedAdder struct {
	checkinAdder
	stored func(service string)
}

func (s storedAdder) Add(ctx context.Context, c storage.Checkin) error {
	err := s.checkinAdder.Add(ctx, c)
	if err == nil {
		s.stored(c.Service)
	}
	return err
}

// storedPings is storedAdder for the ping handler's store.
type storedPings struct {
	ping.Store
	stored func(service string)
}

func (s storedPings) Add(ctx context.Context, c storage.Checkin) error {
	err := s.Store.Add(ctx, c)
	if err == nil {
		s.stored(c.Service)
	}
	return err
}

// tellStored wraps the stores of the check-in and ping handlers (writeStore) when d.Stored is
// set.
func tellStored(d Deps) (checkinAdder, ping.Store) {
	st := writeStore(d)
	if d.Stored == nil {
		return st, st
	}
	return storedAdder{st, d.Stored}, storedPings{st, d.Stored}
}
