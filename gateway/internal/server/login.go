package server

import (
	"github.com/go-chi/chi/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
)

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
	r.Get(login.Path, l.Page)
	r.Post(login.Path, l.Submit)
	r.Post("/logout", l.Logout)
}
