package respond

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
)

// ServiceName is the {name} of the route, percent-decoded exactly once. chi matches on
// r.URL.RawPath when the client escaped more than it must (%40 for @), and its {name} is then
// still escaped; otherwise chi matches on the decoded r.URL.Path, and decoding again would let
// %2562ackup name "backup", past the path rules of a proxy in front.
func ServiceName(r *http.Request) string {
	raw := chi.URLParam(r, "name")
	if r.URL.RawPath == "" {
		return raw
	}
	if name, err := url.PathUnescape(raw); err == nil {
		return name
	}
	return raw
}
