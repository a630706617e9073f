// Package statuspage renders the status pages people read in a browser: the overview (counts
// per state, then the services worst first, paged and searchable) and one service with its
// rules, a two-week timeline and its folded history.
package statuspage

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// PageSize is how many services one overview page lists.
const PageSize = 100

// serviceRow is one service as the status pages show it.
type serviceRow struct {
	Name, Owner, Info string
	Status            checkin.Status
	Reported          bool
	ReportedStatus    checkin.Status
	Last              stamp
	Age               time.Duration
	Timeout, Grace    time.Duration
	Overdue           bool
}

func newServiceRow(svc *config.Service, res state.Result, now time.Time) serviceRow {
	row := serviceRow{Name: svc.Name, Owner: svc.Owner, Info: res.Info(), Status: res.Status,
		Timeout: res.Timeout, Grace: res.Grace, Overdue: res.IsOverdue()}
	if !res.Latest.None() {
		row.Reported, row.ReportedStatus = true, res.Latest.Status
		row.Last, row.Age = newStamp(res.Latest.At, now), res.Age
	}
	return row
}

// List renders the overview: the count of each state among the services the search finds,
// then those of the chosen states, worst first and by name, one page of PageSize at a time.
// The search (q), the states (status) and the page (page) are query parameters, so a form
// without script sets them and a link or bookmark keeps them.
func List(cfg func() *config.Config, db Store, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f, err := overview.ParseFilter(q["status"], q.Get("q"))
		if err != nil {
			respond.Fail(w, r, logger, respond.BadRequest("%v", err))
			return
		}
		pageNo, err := parsePage(q.Get("page"))
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		c, now := cfg(), now()
		var found selection
		if err := found.collect(r, db, c, f, now); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		list := newOverviewView(f, found, pageNo, c.Len())
		for _, svc := range found.page(list.Page) {
			res, err := overview.Read(r.Context(), db, svc, now)
			if err != nil {
				respond.Fail(w, r, logger, err)
				return
			}
			list.Rows = append(list.Rows, newServiceRow(svc, res, now))
		}
		writePage(w, r, logger, http.StatusOK, "list.html", page{Title: "Check-ins", Refresh: true, Now: now, Body: list})
	}
}

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
