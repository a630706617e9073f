package ping

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// prefix is where the ping URLs live.
const prefix = "/ping/"

// action is what a ping says: the last part of its URL.
type action int

const (
	actSuccess action = iota // /ping/<uuid>
	actFail                  // /ping/<uuid>/fail
	actStart                 // /ping/<uuid>/start
	actLog                   // /ping/<uuid>/log
	actExit                  // /ping/<uuid>/<0..255>
)

// request is a ping URL taken apart. Exactly one of uuid and key is set.
type request struct {
	uuid      string
	key, slug string
	act       action
	exit      int // for actExit
	// badExit is an exit status that is a number but not in 0..255; badAction is a last
	// segment that is no action at all, or more segments than a ping URL has.
	badExit, badAction bool
}

// parsePath takes apart the escaped path of a ping URL. A first segment equal to the project's
// ping key (when one is set) starts /<key>/<slug>[/<action>]; otherwise it must look like a
// UUID: /<uuid>[/<action>]. Each segment is percent-decoded once. ok is false when the path
// names no target, which is answered as an unknown target; a known target with a wrong action
// is ok with badAction set.
func parsePath(escaped, pingKey string, keyMatches func(string) bool) (req request, ok bool) {
	rest, found := strings.CutPrefix(escaped, prefix)
	if !found {
		return request{}, false
	}
	// A base URL written with a slash at its end (https://gw/ping/) gives /ping//<uuid>; web
	// servers in front of Healthchecks merge the slashes, so take it as one.
	rest = strings.TrimLeft(rest, "/")
	// A ping URL has at most three segments: a fourth, and any after it, only make it wrong.
	var buf [4]string
	n := 0
	for n < len(buf) {
		seg, after, more := strings.Cut(rest, "/")
		dec, err := url.PathUnescape(seg)
		if err != nil {
			dec = "" // names nothing, as an empty segment
		}
		buf[n] = dec
		n++
		if !more {
			break
		}
		rest = after
	}
	segs := buf[:n]
	var tail []string
	switch {
	case segs[0] == "":
		return request{}, false
	case pingKey != "" && keyMatches(segs[0]):
		if len(segs) < 2 {
			return request{}, false
		}
		req.key, req.slug, tail = segs[0], segs[1], segs[2:]
	case config.IsUUID(segs[0]):
		req.uuid, tail = segs[0], segs[1:]
		if len(tail) == 1 && tail[0] == "" && strings.HasSuffix(escaped, "/") {
			tail = nil // /ping/<uuid>/ is a success, as Healthchecks takes it (not so by slug)
		}
	default:
		return request{}, false
	}
	switch len(tail) {
	case 0:
	case 1:
		req.badAction = !req.setAction(tail[0])
	default:
		req.badAction = true
	}
	return req, true
}

// setAction reads the last segment of a ping URL.
func (req *request) setAction(s string) bool {
	switch s {
	case "fail":
		req.act = actFail
	case "start":
		req.act = actStart
	case "log":
		req.act = actLog
	default:
		digits := strings.TrimPrefix(s, "-") // a negative number is an exit status out of range
		if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
			return false
		}
		req.act = actExit
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 255 {
			req.badExit = true
			return true
		}
		req.exit = n
	}
	return true
}

// RedactPath returns a request path fit for a log line. After a first segment "ping" (in any
// letter case, however many slashes or dot segments stand around it) the next segment, the
// uuid or ping key right or wrong, is replaced with {uuid} or {ping-key}; the service name
// (slug) and the action stay. Anywhere in the path, a segment that holds a UUID (with or
// without dashes, braces or "urn:uuid:") becomes {uuid} too, so that a ping sent to a wrong
// address (/<uuid>, /PING/<uuid>, /ping//<uuid>) is not logged in clear. A path without
// either is returned as it is.
func RedactPath(path string) string { return redact(path, "") }

// Redactor returns RedactPath for a gateway whose ping key is key: it hides the key too,
// wherever it stands and in any letter case (/<key>/<slug> without /ping, say).
func Redactor(key string) func(path string) string {
	lower := strings.ToLower(key)
	return func(path string) string { return redact(path, lower) }
}

// redact is RedactPath, hiding also every segment that holds lowerKey (in any case) when it
// is not "".
func redact(path, lowerKey string) string {
	segs := strings.Split(path, "/")
	changed, target, named := false, false, 0
	for i, s := range segs {
		if s == "" || s == "." || s == ".." {
			continue
		}
		named++
		var with string
		switch {
		case target:
			with, target = "{ping-key}", false
			if holdsUUID(s) {
				with = "{uuid}"
			}
		case holdsUUID(s):
			with = "{uuid}"
		case lowerKey != "" && strings.Contains(strings.ToLower(s), lowerKey):
			with = "{ping-key}"
		case named == 1 && strings.EqualFold(s, "ping"):
			target = true
		}
		if with != "" {
			segs[i], changed = with, true
		}
	}
	if !changed {
		return path
	}
	return strings.Join(segs, "/")
}

// holdsUUID reports whether s holds a run of hexadecimal digits and dashes with 32 or more
// digits: a UUID in any of its spellings.
func holdsUUID(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			digits++
			if digits >= 32 {
				return true
			}
		case c == '-':
		default:
			digits = 0
		}
	}
	return false
}
