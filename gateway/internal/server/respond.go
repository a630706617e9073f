package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// apiError is an error meant for the client: its message is safe to send.
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *apiError {
	return &apiError{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

// errUnauthorized is the one answer for an unknown service and a wrong token, so that the
// answer does not tell which services exist.
var errUnauthorized = &apiError{http.StatusUnauthorized, "unknown service or wrong token"}

// errUnavailable answers a check-in the database could not store.
var errUnavailable = &apiError{http.StatusServiceUnavailable,
	"check-in not stored: the database cannot be written (disk full, read-only or failing); try again later"}

// writeJSON sends v as JSON with the given status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away; nothing to do
}

// writeError maps err to a status code and a JSON body {"error": "..."}. Errors meant for the
// client are sent as they are; a closed store and a failed write are 503; anything else is
// logged once here and answered with a bare "internal error".
func writeError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, store.ErrClosed):
		ae = &apiError{http.StatusServiceUnavailable, "the gateway is shutting down"}
	case errors.Is(err, store.ErrUnavailable):
		logger.Error("write failed", "method", r.Method, "path", r.URL.Path, "err", err,
			"request_id", requestID(r))
		ae = errUnavailable
	default:
		logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err,
			"request_id", requestID(r))
		ae = &apiError{http.StatusInternalServerError, "internal error"}
	}
	writeJSON(w, ae.code, checkin.Error{Error: ae.msg})
}
