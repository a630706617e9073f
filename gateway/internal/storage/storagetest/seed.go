package storagetest

import (
	"context"
	"fmt"
	"iter"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Importer is what Seed needs of a store.
type Importer interface {
	Import(ctx context.Context, service string, rows []storage.Checkin) (int, error)
}

// seedBuffer is how many check-ins Seed holds before it imports them; each service's share
// goes in one transaction.
const seedBuffer = 200_000

// Seed fills a store with check-ins before it serves (benchmarks, tests), through Import: the
// rows keep their times, and a second Seed of the same rows adds nothing. It returns how many
// rows were added.
func Seed(ctx context.Context, s Importer, rows iter.Seq[storage.Checkin]) (int, error) {
	pending := map[string][]storage.Checkin{}
	var order []string // services in first-seen order, so imports are deterministic
	buffered, added := 0, 0
	flush := func() error {
		for _, name := range order {
			n, err := s.Import(ctx, name, pending[name])
			added += n
			if err != nil {
				return fmt.Errorf("seed %s: %w", name, err)
			}
		}
		clear(pending)
		order, buffered = order[:0], 0
		return nil
	}
	for c := range rows {
		if _, ok := pending[c.Service]; !ok {
			order = append(order, c.Service)
		}
		pending[c.Service] = append(pending[c.Service], c)
		if buffered++; buffered >= seedBuffer {
			if err := flush(); err != nil {
				return added, err
			}
		}
	}
	return added, flush()
}
