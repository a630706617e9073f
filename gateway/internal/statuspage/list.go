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
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage/servicehistory"
)

// List renders the overview: the count of each state among the services the search finds,
// then those of the chosen states, worst first and by name, one page of PageSize at a time.
// The search (q), the states (status) and the page (page) are query parameters, so a form
// without script sets them and a link or bookmark keeps them.
func List(cfg func() *config.Config, db Store, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	states := overview.NewStates(db)
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f, err := overview.ParseFilter(q["status"], q.Get("q"))
		if err != nil {
			failPage(w, r, logger, now(), respond.BadRequest("%v", err))
			return
		}
		pageNo, bad := parsePage(q.Get("page"))
		if bad != nil {
			failPage(w, r, logger, now(), bad)
			return
		}
		c, now := cfg(), now()
		var found selection
		if err := found.collect(r.Context(), states, c, f, now); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		list := newOverviewView(f, found, pageNo, c.Len())
		shown := found.page(list.Page)
		results, err := overview.ReadSeveral(r.Context(), db, shown, now)
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		for i, svc := range shown {
			row := newServiceRow(svc, results[i], now)
			row.Info = servicehistory.CutInfo(row.Info)
			list.Rows = append(list.Rows, row)
		}
		writePage(w, r, logger, http.StatusOK, "list.html", page{Title: "Check-ins", Refresh: true, Now: now, Body: list})
	}
}
