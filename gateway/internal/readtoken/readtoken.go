// Package readtoken guards a read-protected gateway's reads: every request but check-ins,
// pings, /alive and the login page needs the read token (Bearer, HTTP Basic) or a browser's
// login session; /metrics also takes the metrics token.
package readtoken

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// metricsPath is the one path the metrics token opens.
const metricsPath = "/metrics"

// LogRejected logs a refused request, quieting a flood from one client (the server's log of
// rejected requests).
type LogRejected func(r *http.Request, msg string, args ...any)

// Guard guards reads. With a read token set, every request except check-ins (POST),
// pings (/ping/...), /alive and the login page needs the read token: "Authorization: Bearer
// <read token>", HTTP Basic with it as the password, or a browser's login session (logins,
// login.go), so any read endpoint added later is covered too. A browser that sent nothing is
// sent to the login page. /metrics takes the metrics token as well, and needs one of the two
// when either is set. Tokens are compared as SHA-256 hashes in constant time, and never taken
// from the URL. A right token is always accepted. Wrong Bearer and Basic tokens count against
// the client's address (in fails), as wrong tokens typed into the login form do; while it is
// over the limit, its wrong tokens get 429 instead of 401. A missing token, or a header
// without one, is no guess and is not counted. Logged paths pass through redact.
func Guard(readToken, metricsToken string, fails *limiter.Limiter, logger *slog.Logger, rejects LogRejected,
	redact func(string) string, logins *login.Login) func(http.Handler) http.Handler {
	read, metrics := hashToken(readToken), hashToken(metricsToken)
	return func(next http.Handler) http.Handler {
		if read == nil && metrics == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			path := r.URL.Path
			if r.URL.RawPath != "" {
				path = r.URL.RawPath // what the router matches
			}
			if r.Method == http.MethodPost || path == "/alive" || strings.HasPrefix(path, "/ping/") || (logins != nil && path == login.Path) {
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
			given, sent := bearerHash(r)
			if matchesAny(given, accepted) {
				next.ServeHTTP(w, r) // a right token always passes, whatever others sent
				return
			}
			basic := basicPasswordHash(r) // curl -u any:TOKEN
			if matchesAny(basic, accepted) {
				next.ServeHTTP(w, r)
				return
			}
			if read != nil && byLogin(logins, w, r, sent, next) {
				return
			}
			refuseRead(w, r, given != nil || basic != nil, sent, fails, logger, rejects, redact(r.URL.Path))
		})
	}
}

// refuseRead answers a read without a right token: 401, or 429 for a wrong token (guess) from
// an address over the limit. Only wrong tokens count in fails. path is the request's
// path fit for the log: a ping sent to a wrong address lands here, and its uuid must not.
// The refusal is logged through rejects.
func refuseRead(w http.ResponseWriter, r *http.Request, guess, sent bool, fails *limiter.Limiter, logger *slog.Logger,
	rejects LogRejected, path string) {
	msg := "this endpoint needs the read token: send Authorization: Bearer <token>, or HTTP Basic with the token as the password (curl -u any:TOKEN)"
	challenge := `Bearer realm="checkin-gateway"`
	switch {
	case guess:
		key := limiter.Key{Client: limiter.ClientKey(r.RemoteAddr)}
		if wait := fails.Wait(key); wait > 0 {
			secs := int(math.Ceil(wait.Seconds()))
			logger.Debug("read refused", "reason", "rate limited", "path", path, "remote", r.RemoteAddr,
				"request_id", respond.RequestID(r))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			respond.Fail(w, r, logger, &respond.Error{Code: http.StatusTooManyRequests,
				Msg: fmt.Sprintf("too many wrong read tokens from your address; try again in %d seconds", secs)})
			return
		}
		fails.Fail(key) // only a token is a guess
		msg = "wrong read token"
		challenge += `, error="invalid_token"`
	case !sent && login.TokenInURL(r):
		msg = login.TokenInURLMessage
	case sent:
		// Never quoted: a header without a scheme may be the token itself.
		msg = "the Authorization header is not Bearer <token>, nor Basic with a password: send Authorization: Bearer <token>, or HTTP Basic with the token as the password"
	}
	rejects(r, "read refused", "reason", msg, "path", path, "remote", r.RemoteAddr,
		"request_id", respond.RequestID(r))
	w.Header().Set("WWW-Authenticate", challenge)
	respond.Fail(w, r, logger, &respond.Error{Code: http.StatusUnauthorized, Msg: msg})
}

// hashToken is the SHA-256 hash tokens are compared by; nil for no token.
func hashToken(token string) []byte {
	if token == "" {
		return nil
	}
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// bearerHash returns the SHA-256 hash of the token in an "Authorization: Bearer <token>"
// header, nil when there is none; sent tells whether the request had an Authorization header.
func bearerHash(r *http.Request) (hash []byte, sent bool) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, auth != ""
	}
	return hashToken(strings.TrimSpace(token)), true
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
