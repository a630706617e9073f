package login

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// BasicPassword returns the password of an "Authorization: Basic" header (curl -u any:TOKEN),
// "" when there is none. The user name is ignored.
func BasicPassword(r *http.Request) string {
	scheme, enc, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return ""
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return ""
	}
	_, password, _ := strings.Cut(string(raw), ":")
	return password
}

// TokenInURL reports whether the request carries something like a token in its query string,
// which is never taken: URLs end up in logs, browser history and Referer headers.
func TokenInURL(r *http.Request) bool {
	q := r.URL.Query()
	for _, k := range []string{"token", "read_token", "access_token"} {
		if q.Has(k) {
			return true
		}
	}
	return false
}

// TokenInURLMessage answers a read that tried to send the read token in the URL.
const TokenInURLMessage = "the read token is never taken from the URL (it would end up in logs and browser history): " +
	"send Authorization: Bearer <token>, use HTTP Basic with the token as the password (curl -u any:TOKEN), or log in at /login in a browser"
