package server

import (
	"log/slog"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// notFound answers a path no route has, naming it with any ping uuid or ping key replaced. A
// path that holds one is most likely a ping sent to the gateway's base URL without /ping/ (a
// client set up with the wrong URL, whose runs never arrive): it is logged at info level, the
// secret replaced, so that the operator can find that client, and the answer says where pings go.
func notFound(log *slog.Logger, rejects *rejectLog, redact func(string) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		shown := redact(r.URL.Path)
		if shown == r.URL.Path {
			respond.Fail(w, r, log, respond.NotFound("no such endpoint: %s", shown))
			return
		}
		rejects.Info(r, "ping to a wrong URL: pings go to /ping/UUID at the gateway's root", "method", r.Method,
			"path", shown, "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
		respond.Fail(w, r, log, respond.NotFound("no such endpoint: %s; pings go to /ping/UUID", shown))
	}
}
