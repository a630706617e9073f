package server

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

// loginPath is the login page's path, open to everyone.
const loginPath = "/login"

// newLogin returns the browser logins of a gateway with a read token, nil without one. Wrong
// tokens typed into the form count in fails with wrong Bearer and Basic tokens.
func newLogin(d Deps, fails *limiter.Limiter, rejects *rejectLog) *login.Login {
	if d.ReadToken == "" {
		return nil
	}
	return login.New(login.Deps{ReadToken: d.ReadToken, Secrets: d.Store, Fails: fails, Logger: d.Logger,
		LogRejected: rejects.Info, Now: d.Now, TTL: d.SessionTTL})
}

// mountLogin serves the login page, its form and the logout when l is not nil.
func mountLogin(r chi.Router, l *login.Login) {
	if l == nil {
		return
	}
	r.Get(loginPath, l.Page)
	r.Post(loginPath, l.Submit)
	r.Post("/logout", l.Logout)
}

// basicPasswordHash returns the SHA-256 hash of the password of an "Authorization: Basic"
// header (curl -u any:TOKEN), nil when there is none. The user name is ignored.
func basicPasswordHash(r *http.Request) []byte {
	scheme, enc, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return nil
	}
	_, password, ok := strings.Cut(string(raw), ":")
	if !ok || password == "" {
		return nil
	}
	return hashToken(password)
}

// tokenInURL reports whether the request carries something like a token in its query string,
// which is never taken: URLs end up in logs, browser history and Referer headers.
func tokenInURL(r *http.Request) bool {
	q := r.URL.Query()
	for _, k := range []string{"token", "read_token", "access_token"} {
		if q.Has(k) {
			return true
		}
	}
	return false
}

// tokenInURLMessage answers a read that tried to send the read token in the URL.
const tokenInURLMessage = "the read token is never taken from the URL (it would end up in logs and browser history): " +
	"send Authorization: Bearer <token>, use HTTP Basic with the token as the password (curl -u any:TOKEN), or log in at /login in a browser"

// byLogin lets a request through with a valid session cookie (true), or sends a browser that
// sent no credentials to the login page (true); false leaves the refusal to the caller.
func byLogin(l *login.Login, w http.ResponseWriter, r *http.Request, sent bool, next http.Handler) bool {
	if l == nil {
		return false
	}
	if withSession, ok := l.Session(r); ok {
		next.ServeHTTP(w, withSession)
		return true
	}
	if !sent && !tokenInURL(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) && statuspage.PrefersHTML(r) {
		login.Redirect(w, r)
		return true
	}
	return false
}
