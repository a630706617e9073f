package respond

import (
	"errors"
	"net/url"
	"strings"
)

// QueryProblem says what is wrong with a query string that url.ParseQuery refused, without
// quoting it. url.Values drops what it cannot parse (and all of it past 10,000 parameters),
// so a handler that read such a query would answer as if those parameters were not given.
func QueryProblem(err error) string {
	var esc url.EscapeError
	switch {
	case errors.As(err, &esc):
		return "the query string is not valid: a % not followed by two hex digits"
	case strings.Contains(err.Error(), "semicolon"):
		return "the query string is not valid: a ';' (parameters are separated by ampersands)"
	case strings.Contains(err.Error(), "exceeded"):
		return "the query string is not valid: more than 10000 parameters"
	default:
		return "the query string is not valid"
	}
}
