package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// maxClientRequestID is how much of a client's X-Request-Id reaches the log.
const maxClientRequestID = 64

// requestIDs numbers requests: a random prefix per server, so that the ids of two runs differ,
// and a counter.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return &requestIDs{prefix: hex.EncodeToString(b)}
}

func (ids *requestIDs) next() string {
	return fmt.Sprintf("%s-%06d", ids.prefix, ids.n.Add(1))
}

// requestID gives every request an id of ours. A client's X-Request-Id is kept apart, for the
// log only: a client must not choose the id under which the gateway logs its request, nor
// pass another request's id as its own.
func requestID(ids *requestIDs) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := respond.WithRequestIDs(r.Context(), ids.next(), clientRequestID(r.Header.Get("X-Request-Id")))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// clientRequestID makes a client's X-Request-Id safe to log: at most maxClientRequestID
// bytes, each outside printable ASCII (spaces included) shown as '?'.
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
