// Package login lets a browser read a read-protected gateway: a login page takes the read token
// once and gives an expiring, signed, HttpOnly session cookie (package session); a logout
// ends it in that browser. The login form resists cross-site requests (a signed form token
// bound to a cookie of its own, and the browser's Sec-Fetch-Site or Origin) and guessing (the
// read token's failure limiter).
package login

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/session"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage"
)

// Cookie names. No Path is set: the browser scopes them to the folder of the login URL, so
// they work when a proxy serves the gateway under a path.
const (
	SessionCookie = "checkin_session"
	formCookie    = "checkin_login"
)

// Path is the login page's path, open to everyone.
const Path = "/login"

// DefaultTTL is how long a session lasts unless Deps.TTL says otherwise.
const DefaultTTL = 12 * time.Hour

// secretName is the install secret the session key is derived from.
const secretName = "session"

// Secrets is where the install's secret is kept (the database).
type Secrets interface {
	InstallSecret(ctx context.Context, name string) ([]byte, error)
}

// Deps are what logins need.
type Deps struct {
	ReadToken string
	Secrets   Secrets
	// Fails counts wrong read tokens per client address, shared with the API's Bearer tokens.
	Fails  *limiter.Limiter
	Logger *slog.Logger
	// LogRejected logs a refused login, quieting a flood from one client.
	LogRejected func(r *http.Request, msg string, args ...any)
	Now         func() time.Time
	TTL         time.Duration // DefaultTTL when 0
}

// Login serves /login and /logout and checks session cookies.
type Login struct {
	d    Deps
	read [sha256.Size]byte

	mu     sync.Mutex
	keeper *session.Keeper // nil until the secret was read
}

// New returns the logins of a gateway whose read token is d.ReadToken (not empty).
func New(d Deps) *Login {
	if d.TTL <= 0 {
		d.TTL = DefaultTTL
	}
	return &Login{d: d, read: sha256.Sum256([]byte(d.ReadToken))}
}

// keeperFor returns the session keeper, reading the install's secret the first time. Until
// the database gives it, sessions cannot be made or checked, and the error says why.
func (l *Login) keeperFor(ctx context.Context) (*session.Keeper, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.keeper != nil {
		return l.keeper, nil
	}
	secret, err := l.d.Secrets.InstallSecret(ctx, secretName)
	if err != nil {
		return nil, fmt.Errorf("read the session secret from the database: %w", err)
	}
	l.keeper = session.New(secret, l.d.ReadToken, l.d.TTL)
	return l.keeper, nil
}

// IsReadToken reports whether token is the read token, in constant time.
func (l *Login) IsReadToken(token string) bool {
	h := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(h[:], l.read[:]) == 1
}

// Session checks r's session cookie. For a valid one it returns r with the logout form's
// token in its context (statuspage.WithLogout) and ok.
func (l *Login) Session(r *http.Request) (*http.Request, bool) {
	k, id, ok := l.check(r)
	if !ok {
		return r, false
	}
	return r.WithContext(statuspage.WithLogout(r.Context(), k.FormToken("logout", id))), true
}

// check returns the keeper and the session id of r's valid session cookie.
func (l *Login) check(r *http.Request) (k *session.Keeper, id string, ok bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, "", false
	}
	if k, err = l.keeperFor(r.Context()); err != nil {
		l.d.Logger.Warn("session cookie not checked", "err", err, "request_id", respond.RequestID(r))
		return nil, "", false
	}
	id, ok = k.Check(c.Value, l.d.Now())
	return k, id, ok
}

// Redirect sends a browser that is not logged in to the login page, which brings it back to
// the page it asked for. Both are given relative to the request, so that they work under a
// proxy's path.
func Redirect(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	next := trimSlashes(path)
	if r.URL.RawQuery != "" {
		next += "?" + r.URL.RawQuery
	}
	to := upToRoot(path) + "login"
	if next != "" {
		to += "?next=" + queryEscape(next)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Add("Vary", "Accept")
	seeOther(w, to)
}

// setCookie sets a cookie of the gateway's: HttpOnly, Secure when the browser reached the
// gateway over TLS, Max-Age maxAge seconds (negative deletes it).
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int, sameSite http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, MaxAge: maxAge, HttpOnly: true,
		Secure: overTLS(r), SameSite: sameSite})
}
