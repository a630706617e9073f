package postgres

import (
	"net/url"
	"strings"
)

// redacted replaces a password wherever a connection URL could carry one.
const redacted = "xxxxx"

// Redact returns the connection URL with its password (in the user part or a password=
// parameter) replaced by xxxxx, for logs and error messages. A URL that does not parse is
// reduced to its scheme, since any part of it could hold the password.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Opaque != "" {
		scheme, _, _ := strings.Cut(dsn, ":")
		if scheme == "postgres" || scheme == "postgresql" {
			return scheme + "://" + redacted
		}
		return redacted
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), redacted)
	}
	q := u.Query()
	changed := false
	for k := range q {
		if strings.EqualFold(k, "password") {
			q.Set(k, redacted)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
