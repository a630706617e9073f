package respond

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// RequestID is the id the RequestID middleware gave the request, for the log.
func RequestID(r *http.Request) string { return middleware.GetReqID(r.Context()) }

// ServiceName is the {name} of the route, unescaped: chi matches on the escaped path when a
// client escapes more than it must (%40 for @), and the service's name is the unescaped one.
func ServiceName(r *http.Request) string {
	raw := chi.URLParam(r, "name")
	if name, err := url.PathUnescape(raw); err == nil {
		return name
	}
	return raw
}
