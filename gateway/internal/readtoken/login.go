package readtoken

import (
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

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
