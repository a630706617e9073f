package ping

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/body"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// readBody reads a ping's body, whatever its content type, up to the check-in limit, as
// check-ins read theirs (package body): gzip is decompressed, other encodings are refused, and
// of a body over the limit a bounded amount more is read so the client sees the 413. Its
// errors are *respond.Error.
func readBody(w http.ResponseWriter, r *http.Request) (string, error) {
	b, err := body.Read(w, r, checkin.MaxBodyBytes)
	if err != nil {
		return "", err
	}
	return clean(b), nil
}

// clean makes a body fit to store as info, as a check-in's info must be: invalid UTF-8 and
// control characters other than tab, line feed and carriage return become U+FFFD.
func clean(body []byte) string {
	if s := string(body); utf8.ValidString(s) && !checkin.HasInfoControl(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(body))
	for len(body) > 0 {
		r, size := utf8.DecodeRune(body)
		if checkin.InfoControl(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r) // RuneError for an invalid byte too
		body = body[size:]
	}
	return b.String()
}

// info is the check-in's info for a ping: the body, after "exit status N" (and ": " when
// there is a body) for an exit-status ping. There the body's leading line breaks are dropped,
// so that Icinga's one line reads "exit status 1: [runitor] signal: terminated", not
// "exit status 1: / [runitor] ...".
func info(req request, body string) string {
	if req.act != actExit {
		return body
	}
	s := "exit status " + strconv.Itoa(req.exit)
	if body = strings.TrimLeft(body, "\r\n"); body != "" {
		s += ": " + body
	}
	return s
}
