package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// metricsPath is the one path the metrics token opens.
const metricsPath = "/metrics"

// requireReadToken guards reads. With a read token set, every request except check-ins (POST),
// pings (/ping/...) and /alive needs "Authorization: Bearer <read token>", so any read endpoint
// added later is covered too. /metrics takes the metrics token as well, and needs one of the two when either
// is set. Tokens are compared as SHA-256 hashes in constant time. An address that sent too many
// wrong tokens lately gets 429 until its window ends, whatever it sends.
func requireReadToken(d Deps) func(http.Handler) http.Handler {
	read, metrics := hashToken(d.ReadToken), hashToken(d.MetricsToken)
	return func(next http.Handler) http.Handler {
		if read == nil && metrics == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			path := r.URL.Path
			if r.URL.RawPath != "" {
				path = r.URL.RawPath // what the router matches
			}
			if r.Method == http.MethodPost || path == "/alive" || strings.HasPrefix(path, "/ping/") {
				next.ServeHTTP(w, r)
				return
			}
			accepted := [][]byte{read}
			if path == metricsPath {
				accepted = append(accepted, metrics)
			}
			if read == nil && path != metricsPath {
				next.ServeHTTP(w, r)
				return
			}
			client := clientKey(r.RemoteAddr)
			if wait := d.readLimiter.wait(client); wait > 0 {
				secs := int(math.Ceil(wait.Seconds()))
				w.Header().Set("Retry-After", strconv.Itoa(secs))
				writeError(w, r, d.Logger, &apiError{http.StatusTooManyRequests,
					fmt.Sprintf("too many wrong read tokens from your address; try again in %d seconds", secs)})
				return
			}
			given, ok := bearer(r)
			if ok && matchesAny(given, accepted) {
				next.ServeHTTP(w, r)
				return
			}
			if ok {
				d.readLimiter.fail(client) // a wrong token; a missing one is no guess
			}
			msg := "this endpoint needs the read token: send Authorization: Bearer <token>"
			challenge := `Bearer realm="checkin-gateway"`
			if ok {
				msg = "wrong read token"
				challenge += `, error="invalid_token"`
			}
			d.Logger.Info("read refused", "reason", msg, "path", r.URL.Path, "remote", r.RemoteAddr,
				"request_id", requestID(r))
			w.Header().Set("WWW-Authenticate", challenge)
			writeError(w, r, d.Logger, &apiError{http.StatusUnauthorized, msg})
		})
	}
}

func hashToken(token string) []byte {
	if token == "" {
		return nil
	}
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) ([]byte, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, r.Header.Get("Authorization") != ""
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, true
	}
	return hashToken(token), true
}

// matchesAny compares given with every accepted hash, in constant time for each.
func matchesAny(given []byte, accepted [][]byte) bool {
	if given == nil {
		return false
	}
	match := 0
	for _, want := range accepted {
		if want != nil {
			match |= subtle.ConstantTimeCompare(given, want)
		}
	}
	return match == 1
}
