// Package statuspage renders the status pages people read in a browser: every service worst
// first, and one service with its rules, a two-week timeline and its folded history.
package statuspage

import (
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

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

type stateCount struct {
	Status checkin.Status
	N      int
}

type statusList struct {
	Counts []stateCount
	Rows   []serviceRow
}

// List renders every service, worst first, with a count per state.
func List(cfg func() *config.Config, db Store, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, now := cfg(), now()
		var list statusList
		for _, name := range c.Names() {
			svc := c.Service(name)
			res, err := evaluate(r.Context(), db, svc, now)
			if err != nil {
				respond.Fail(w, r, logger, err)
				return
			}
			list.Rows = append(list.Rows, newServiceRow(svc, res, now))
		}
		slices.SortStableFunc(list.Rows, func(a, b serviceRow) int { return severity[a.Status] - severity[b.Status] })
		for _, s := range []checkin.Status{checkin.Critical, checkin.Warning, checkin.Unknown, checkin.OK} {
			n := 0
			for _, row := range list.Rows {
				if row.Status == s {
					n++
				}
			}
			list.Counts = append(list.Counts, stateCount{s, n})
		}
		writePage(w, r, logger, http.StatusOK, "list.html", page{Title: "Check-ins", Refresh: true, Now: now, Body: list})
	}
}
