package respond

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

// requestIDs are the gateway's id of a request and the one its client sent, if any.
type requestIDs struct{ ours, client string }

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
	return []any{"request_id", ids.ours, "client_request_id", ids.client}
}

// maxClientRequestID is how much of a client's X-Request-Id reaches the log.
const maxClientRequestID = 64

// RequestIDs is the middleware that gives every request an id of ours: a random prefix per
// handler, so that the ids of two runs differ, and a counter. A client's X-Request-Id is kept
// apart, for the log only: a client must not choose the id under which the gateway logs its
// request, nor pass another request's id as its own.
func RequestIDs() func(http.Handler) http.Handler {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	prefix := hex.EncodeToString(b)
	var n atomic.Uint64
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ids := requestIDs{fmt.Sprintf("%s-%06d", prefix, n.Add(1)), clientRequestID(r.Header.Get("X-Request-Id"))}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDsKey{}, ids)))
		})
	}
}

// clientRequestID makes a client's X-Request-Id safe to log: its first maxClientRequestID
// bytes, every character outside printable ASCII (spaces included) shown as '?'.
func clientRequestID(s string) string {
	if len(s) > maxClientRequestID {
		s = s[:maxClientRequestID]
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' {
			return '?'
		}
		return r
	}, s)
}
