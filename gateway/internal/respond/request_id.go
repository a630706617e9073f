package respond

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sync/atomic"
)

// requestIDs are the gateway's id of a request and the one its client sent, if any, as it was
// sent (see loggedClientID), with what tells a secret.
type requestIDs struct {
	ours, client string
	secret       func(string) bool
}

type requestIDsKey struct{}

// RequestID is the id the gateway gave the request, for the log. The client cannot choose it.
func RequestID(r *http.Request) string {
	ids, _ := r.Context().Value(requestIDsKey{}).(requestIDs)
	return ids.ours
}

// LogIDs are the request's ids as log attributes: request_id, and client_request_id when the
// client sent one.
func LogIDs(r *http.Request) []any {
	ids, _ := r.Context().Value(requestIDsKey{}).(requestIDs)
	if ids.client == "" {
		return []any{"request_id", ids.ours}
	}
	return []any{"request_id", ids.ours, "client_request_id", loggedClientID(ids.client, ids.secret)}
}

// RequestIDs is the middleware that gives every request an id of ours: a random prefix per
// handler, so that the ids of two runs differ, and a counter. A client's X-Request-Id is kept
// apart, for the log only: a client must not choose the id under which the gateway logs its
// request, nor pass another request's id as its own.
func RequestIDs() func(http.Handler) http.Handler { return RequestIDsHiding(nil) }

// RequestIDsHiding is RequestIDs where secret tells the gateway's own secrets (tokens), which
// a client's X-Request-Id is logged as a hash when it equals (see loggedClientID).
func RequestIDsHiding(secret func(string) bool) func(http.Handler) http.Handler {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	prefix := hex.EncodeToString(b)
	var n atomic.Uint64
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ids := requestIDs{fmt.Sprintf("%s-%06d", prefix, n.Add(1)), r.Header.Get("X-Request-Id"), secret}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDsKey{}, ids)))
		})
	}
}
