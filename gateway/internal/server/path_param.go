package server

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
)

// nameParam is the {name} of the route, unescaped: chi matches on the escaped path when a client
// escapes more than it must (%40 for @), and the service's name is the unescaped one.
func nameParam(r *http.Request) string {
	raw := chi.URLParam(r, "name")
	if name, err := url.PathUnescape(raw); err == nil {
		return name
	}
	return raw
}
