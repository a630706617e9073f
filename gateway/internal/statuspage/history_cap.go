package statuspage

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// capPrunedReader is what the service page reads of the history size cap.
type capPrunedReader interface {
	CapPruned(ctx context.Context, service string) (storage.CapPruned, error)
}

// capPrunedView is what a service's page says of its history size cap: "" when it never
// deleted anything, else how many check-ins and when it last did.
func capPrunedView(ctx context.Context, db capPrunedReader, service string, now time.Time) (string, stamp, error) {
	p, err := db.CapPruned(ctx, service)
	if err != nil || p.Count == 0 {
		return "", stamp{}, err
	}
	return fmt.Sprintf("%d of the oldest check-ins deleted by the history size cap (history_max_bytes), last", p.Count),
		newStamp(p.At, now), nil
}
