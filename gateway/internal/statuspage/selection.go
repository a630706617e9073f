package statuspage

import (
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
)

// PageSize is how many services one overview page lists.
const PageSize = 100

// selection is what one pass over every service finds: the count of each state among the
// services the search finds, and the rank (worst first) of each that passes the whole filter,
// in name order. One byte a service keeps a list of 100,000 cheap.
type selection struct {
	counts [4]int
	rank   []uint8 // by place in the configuration's names; notPicked when filtered out
	total  int     // services that pass the whole filter
	names  []string
	cfg    *config.Config
}

const notPicked = 255

func (s *selection) collect(r *http.Request, db Store, c *config.Config, f overview.Filter, now time.Time) error {
	s.cfg, s.names = c, c.Names()
	s.rank = make([]uint8, 0, c.Len())
	return overview.Each(r.Context(), db, c, "", now, func(svc *config.Service, res state.Result) bool {
		rank := uint8(notPicked)
		if f.Found(svc) {
			s.counts[res.Status]++
			if f.Wants(res.Status) {
				rank = uint8(overview.Rank(res.Status))
				s.total++
			}
		}
		s.rank = append(s.rank, rank)
		return true
	})
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
			out = append(out, s.cfg.Service(s.names[i]))
			if len(out) == PageSize {
				return out
			}
		}
	}
	return out
}
