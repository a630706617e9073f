// Package respond is how the JSON API and the status pages answer alike: errors meant for the
// client, JSON bodies, and the request's id and service name as the router gives them.
package respond

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Error is an error meant for the client: its message is safe to send.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// BadRequest is a 400 with a message for the client.
func BadRequest(format string, args ...any) *Error {
	return &Error{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// NotFound is a 404 with a message for the client.
func NotFound(format string, args ...any) *Error {
	return &Error{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

// errUnavailable answers a check-in the database could not store.
var errUnavailable = &Error{http.StatusServiceUnavailable,
	"check-in not stored: the database cannot be written (disk full, read-only or failing); try again later"}

// JSON sends v as JSON with the given status code.
func JSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away; nothing to do
}

// Fail maps err to a status code and a JSON body {"error": "..."}. Errors meant for the
// client are sent as they are; a closed store and a failed write are 503; anything else is
// logged once here and answered with a bare "internal error".
func Fail(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var ae *Error
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, storage.ErrClosed):
		ae = &Error{http.StatusServiceUnavailable, "the gateway is shutting down"}
	case errors.Is(err, storage.ErrUnavailable):
		logger.Error("write failed", append([]any{"method", r.Method, "path", r.URL.Path, "err", err}, LogIDs(r)...)...)
		ae = errUnavailable
	default:
		logger.Error("request failed", append([]any{"method", r.Method, "path", r.URL.Path, "err", err}, LogIDs(r)...)...)
		ae = &Error{http.StatusInternalServerError, "internal error"}
	}
	JSON(w, ae.Code, checkin.Error{Error: ae.Msg})
}
