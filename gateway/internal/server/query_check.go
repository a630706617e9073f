package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// checkQuery refuses a read (GET, HEAD) whose query string cannot be parsed: 400 naming the
// problem. Go's url.Values drops the pairs it cannot parse (a bad % escape, a ';') and every
// pair past 10,000, so ?status=CRITICAL%zz listed all services, ?limit=1%zz gave a page of 100,
// and /report?service=NAME followed by 10,000 '&' answered "missing query parameter service".
// Pings check their own query and answer in plain text; check-ins take their fields from the
// body, so a stray query string never costs one.
func checkQuery(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.RawQuery == "" || r.Method == http.MethodPost || strings.HasPrefix(r.URL.Path, "/ping") {
				next.ServeHTTP(w, r)
				return
			}
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				respond.Fail(w, r, logger, respond.BadRequest("%s", respond.QueryProblem(err)))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
