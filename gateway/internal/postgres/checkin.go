package postgres

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// newerThan reports whether c comes after o in a history: by time, then by id (as in SQLite).
func newerThan(c, o store.Checkin) bool {
	if !c.At.Equal(o.At) {
		return c.At.After(o.At)
	}
	return c.ID > o.ID
}

// validate checks what the database's constraints would refuse, so that one bad check-in fails
// alone instead of failing the batch it shares a transaction with. Same rules as SQLite's.
func validate(c store.Checkin) error {
	switch {
	case c.Service == "":
		return fmt.Errorf("check-in without a service")
	case !c.Status.Valid():
		return fmt.Errorf("check-in for %s: invalid status %d", c.Service, int(c.Status))
	case c.Kind > checkin.KindLog:
		return fmt.Errorf("check-in for %s: invalid kind %d", c.Service, int(c.Kind))
	case c.RunID != "" && !checkin.ValidRunID(c.RunID):
		return fmt.Errorf("check-in for %s: invalid run id", c.Service)
	case c.At.IsZero():
		return fmt.Errorf("check-in for %s without a time", c.Service)
	case c.Duration < 0:
		return fmt.Errorf("check-in for %s: negative duration", c.Service)
	}
	return nil
}
