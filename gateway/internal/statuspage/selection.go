package statuspage

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
)

// PageSize is how many services one overview page lists.
const PageSize = 100

// selection is what one pass over every service finds: the count of each state among the
// services the search finds, and the rank (worst first) of each that passes the whole filter,
// in name order. One byte a service keeps a list of 100,000 cheap; the states come from
// overview.States, which re-evaluates only the services that changed since the last pass.
type selection struct {
	counts [4]int
	rank   []uint8 // by place in the configuration's services; notPicked when filtered out
	total  int     // services that pass the whole filter
	cfg    *config.Config
}

const notPicked = 255

func (s *selection) collect(ctx context.Context, states *overview.States, c *config.Config, f overview.Filter, now time.Time) error {
	statuses, err := states.Statuses(ctx, c, now)
	if err != nil {
		return err
	}
	s.cfg, s.rank = c, make([]uint8, len(statuses))
	for i, svc := range c.Services() {
		rank, st := uint8(notPicked), statuses[i]
		if f.Found(svc) {
			s.counts[st]++
			if f.Wants(st) {
				rank = uint8(overview.Rank(st))
				s.total++
			}
		}
		s.rank[i] = rank
	}
	return nil
}

// page returns the services of page n (from 1), worst first, by name within a state.
func (s *selection) page(n int) []*config.Service {
	skip := (n - 1) * PageSize
	var out []*config.Service
	for rank := range uint8(len(overview.Worst)) {
		for i, r := range s.rank {
			if r != rank {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			out = append(out, s.cfg.Services()[i])
			if len(out) == PageSize {
				return out
			}
		}
	}
	return out
}
