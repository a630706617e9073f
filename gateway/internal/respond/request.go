package respond

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
)

// requestIDs are the gateway's id of a request and the one its client sent, if any.
type requestIDs struct{ ours, client string }

type requestIDsKey struct{}

// WithRequestIDs returns ctx carrying the gateway's id of the request and the client's own
// (X-Request-Id, already made safe to log; empty when none was sent).
func WithRequestIDs(ctx context.Context, ours, client string) context.Context {
	return context.WithValue(ctx, requestIDsKey{}, requestIDs{ours, client})
}

// RequestID is the id the gateway gave the request, for the log. The client cannot choose it.
func RequestID(r *http.Request) string {
	ids, _ := r.Context().Value(requestIDsKey{}).(requestIDs)
	return ids.ours
}

// ClientRequestID is the X-Request-Id the client sent, made safe to log; empty when none.
func ClientRequestID(r *http.Request) string {
	ids, _ := r.Context().Value(requestIDsKey{}).(requestIDs)
	return ids.client
}

// LogIDs are the request's ids as log attributes: request_id, and client_request_id when the
// client sent one.
func LogIDs(r *http.Request) []any {
	ids, _ := r.Context().Value(requestIDsKey{}).(requestIDs)
	if ids.client == "" {
		return []any{"request_id", ids.ours}
	}
	return []any{"request_id", ids.ours, "client_request_id", ids.client}
}

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
