package server

import (
	"context"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// SpaceFloor says whether the disk under the database has room for check-ins (package
// diskfloor): an error while the free space is below the floor.
type SpaceFloor interface {
	Check() error
}

// flooredStore refuses check-ins and pings with 507, and fails /alive with the reason, while
// the floor does.
type flooredStore struct {
	Store
	floor SpaceFloor
}

func (s flooredStore) Add(ctx context.Context, c storage.Checkin) error {
	if err := s.floor.Check(); err != nil {
		return &respond.Error{Code: http.StatusInsufficientStorage, Msg: "not stored: " + err.Error()}
	}
	return s.Store.Add(ctx, c)
}

func (s flooredStore) Ping(ctx context.Context) error {
	if err := s.floor.Check(); err != nil {
		return &respond.Error{Code: http.StatusServiceUnavailable, Msg: err.Error()}
	}
	return s.Store.Ping(ctx)
}
