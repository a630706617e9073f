package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrBadURL wraps a connection URL that cannot be parsed.
var ErrBadURL = errors.New("bad database URL")

// Retryable reports whether Open failed in a way that waiting may cure (the server is not up
// yet, the network is down), as opposed to a mistake in the setup that only an operator can
// fix: a bad URL, a wrong user or password, a missing database, missing rights.
func Retryable(err error) bool {
	if errors.Is(err, ErrBadURL) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "28"), // invalid authorization
			pgErr.Code == "3D000", // no such database
			pgErr.Code == "42501": // insufficient privilege
			return false
		}
		// 57P03 (the server is starting up) and others: try again.
	}
	return true
}
