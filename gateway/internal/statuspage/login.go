package statuspage

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// LoginView is what the login page shows.
type LoginView struct {
	CSRF string // the form's token (package login)
	Next string // where to go once logged in, relative to the gateway's root
	TTL  time.Duration
	// Message is shown above the form: why the last attempt failed (Failed), or that the user
	// logged out.
	Message string
	Failed  bool
}

// LoginPage sends the login page with status code.
func LoginPage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, code int, now time.Time, v LoginView) {
	writePage(w, r, logger, code, "login.html", page{Title: "Log in", Now: now, Body: v})
}

// MessagePage sends a page with a title and one message, for a browser's refused request.
func MessagePage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, code int, now time.Time, title, msg string) {
	writePage(w, r, logger, code, "error.html", page{Title: title, Now: now, Body: msg})
}

// PrefersHTML reports whether the client is a browser asking for a page (see prefersHTML).
func PrefersHTML(r *http.Request) bool { return prefersHTML(r) }

type logoutKey struct{}

// WithLogout marks a request as made with a login session whose logout form carries token:
// its page shows a "log out" button.
func WithLogout(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, logoutKey{}, token)
}

func logoutToken(ctx context.Context) string {
	s, _ := ctx.Value(logoutKey{}).(string)
	return s
}
