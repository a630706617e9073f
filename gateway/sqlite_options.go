package main

import (
	"log/slog"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// sqliteOptions are the store options the flags ask for.
func (f storeFlags) sqliteOptions(log *slog.Logger) []store.Option {
	opts := []store.Option{store.WithLogger(log)}
	if f.AcceptDataLoss {
		opts = append(opts, store.WithAcceptDataLoss())
	}
	return opts
}
