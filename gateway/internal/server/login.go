package server

import (
	"net/http"

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

// basicPasswordHash is the hash of an "Authorization: Basic" header's password, nil for none.
func basicPasswordHash(r *http.Request) []byte { return hashToken(login.BasicPassword(r)) }

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
	if !sent && !login.TokenInURL(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) && statuspage.PrefersHTML(r) {
		login.Redirect(w, r)
		return true
	}
	return false
}
