// Package servicelist is the API's list of services, GET /api/v1/services: their states,
// filtered, a page at a time, written as they are evaluated.
package servicelist

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
)

// Services list limits: the default is large enough that most installations get every
// service in one answer, as before paging; the rest follow the Link header.
const (
	defaultServicesLimit = 1000
	maxServicesLimit     = 1000
)

// Handler lists the configured services with their states, by name: those in the
// states of ?status=CRITICAL,WARNING (all when missing) whose name or owner holds ?q= (any
// letter case), at most ?limit= of them, from the first name after ?after=. When more follow,
// a Link header (rel="next") names the next page. The answer is a JSON array, written as the
// services are evaluated.
func Handler(cfg func() *config.Config, db overview.Summaries, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	states := overview.NewStates(db)
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f, err := overview.ParseFilter(q["status"], q.Get("q"))
		if err != nil {
			respond.Fail(w, r, logger, respond.BadRequest("query parameter %v", err))
			return
		}
		limit, err := pageLimit(r, defaultServicesLimit, maxServicesLimit)
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		type found struct {
			svc *config.Service
			res state.Result
		}
		// One more than the page tells whether a next page exists.
		page := make([]found, 0, min(limit+1, 64))
		err = states.Each(r.Context(), cfg(), f, q.Get("after"), now(), func(svc *config.Service, res state.Result) bool {
			page = append(page, found{svc, res})
			return len(page) <= limit
		})
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		if len(page) > limit {
			page = page[:limit]
			setNextLink(w, r, url.Values{"after": {page[limit-1].svc.Name}, "limit": {strconv.Itoa(limit)}})
		}
		out := startJSONArray(w)
		for _, p := range page {
			if out.add(overview.Wire(p.svc, p.res)) != nil {
				return
			}
		}
		out.end()
	}
}
