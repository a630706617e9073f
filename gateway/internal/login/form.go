package login

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/session"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

// maxFormBytes bounds a login or logout form: a token, a form token and a path.
const maxFormBytes = 8 << 10

// formTTL is how long a login form may stay open before it must be loaded again.
const formTTL = time.Hour

// Page answers GET /login: the form, or straight on to next for a browser already logged in.
func (l *Login) Page(w http.ResponseWriter, r *http.Request) {
	next := SafeNext(r.URL.Query().Get("next"))
	if _, ok := l.Session(r); ok {
		seeOther(w, next)
		return
	}
	msg := ""
	if r.URL.Query().Has("logged_out") {
		msg = "You are logged out."
	}
	l.form(w, r, http.StatusOK, next, msg, false)
}

// form sends the login form with a form token bound to the form cookie: the browser's own, so
// that login pages open in two tabs both work, or a new one.
func (l *Login) form(w http.ResponseWriter, r *http.Request, code int, next, msg string, failed bool) {
	k, err := l.keeperFor(r.Context())
	if err != nil {
		l.unavailable(w, r, err)
		return
	}
	nonce := session.NewNonce()
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 16 && len(c.Value) <= 64 {
		nonce = c.Value // a cookie someone else set is no help: the form token needs the key
	}
	setCookie(w, r, formCookie, nonce, int(formTTL/time.Second), http.SameSiteStrictMode)
	statuspage.LoginPage(w, r, l.d.Logger, code, l.d.Now(), statuspage.LoginView{
		CSRF: k.FormToken("login", nonce), Next: next, TTL: l.d.TTL, Message: msg, Failed: failed})
}

// Submit answers POST /login: with the right read token it sets the session cookie and sends
// the browser on to the form's next page. Wrong tokens count against the client's address as
// wrong Bearer tokens do; over the limit, the form answers 429 until the window ends.
func (l *Login) Submit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		l.refuse(w, r, http.StatusBadRequest, "The login form could not be read.", "unreadable form")
		return
	}
	next := SafeNext(r.PostForm.Get("next"))
	k, err := l.keeperFor(r.Context())
	if err != nil {
		l.unavailable(w, r, err)
		return
	}
	c, _ := r.Cookie(formCookie)
	if !sameOrigin(r) || c == nil || !k.CheckFormToken("login", c.Value, r.PostForm.Get("csrf")) {
		l.refuse(w, r, http.StatusForbidden, "This login form is too old or came from another site. Load the login page again and log in there.",
			"form token or origin does not match")
		return
	}
	key := limiter.Key{Client: limiter.ClientKey(r.RemoteAddr)}
	if !l.IsReadToken(r.PostForm.Get("token")) {
		if wait := l.d.Fails.Wait(key); wait > 0 {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			l.d.Logger.Debug("login refused", "reason", "rate limited", "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
			l.form(w, r, http.StatusTooManyRequests, next,
				fmt.Sprintf("Too many wrong read tokens from your address; try again in %d seconds.", secs), true)
			return
		}
		l.d.Fails.Fail(key)
		l.d.LogRejected(r, "login refused", "reason", "wrong read token", "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
		l.form(w, r, http.StatusUnauthorized, next, "Wrong read token.", true)
		return
	}
	now := l.d.Now()
	value, expires := k.Issue(now)
	setCookie(w, r, SessionCookie, value, int(expires.Sub(now)/time.Second), http.SameSiteLaxMode)
	setCookie(w, r, formCookie, "", -1, http.SameSiteStrictMode)
	l.d.Logger.Info("logged in", "remote", r.RemoteAddr, "until", expires.UTC().Format(time.RFC3339),
		"request_id", respond.RequestID(r))
	w.Header().Set("Cache-Control", "no-store")
	seeOther(w, next)
}

// Logout answers POST /logout: it deletes the session cookie and shows the login page. The
// form's token is bound to the session, so another site cannot log a browser out.
func (l *Login) Logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		l.refuse(w, r, http.StatusBadRequest, "The logout form could not be read.", "unreadable form")
		return
	}
	if k, id, ok := l.check(r); ok {
		if !sameOrigin(r) || !k.CheckFormToken("logout", id, r.PostForm.Get("csrf")) {
			l.refuse(w, r, http.StatusForbidden, "This logout form came from another site, or from an older page; log out from a page of this gateway.",
				"logout form token or origin does not match")
			return
		}
	}
	setCookie(w, r, SessionCookie, "", -1, http.SameSiteLaxMode)
	l.d.Logger.Info("logged out", "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	seeOther(w, "login?logged_out")
}

// refuse answers a login or logout form that cannot be taken, as a page with msg, and logs why.
func (l *Login) refuse(w http.ResponseWriter, r *http.Request, code int, msg, why string) {
	l.d.LogRejected(r, "login refused", "reason", why, "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	statuspage.MessagePage(w, r, l.d.Logger, code, l.d.Now(), http.StatusText(code), msg)
}

// unavailable answers a login while the session secret cannot be read.
func (l *Login) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	l.d.Logger.Error("login unavailable", "err", err, "request_id", respond.RequestID(r))
	statuspage.MessagePage(w, r, l.d.Logger, http.StatusServiceUnavailable, l.d.Now(), "Login unavailable",
		"Logging in needs the database, which does not answer now; try again soon. Bearer and HTTP Basic reads work meanwhile.")
}
