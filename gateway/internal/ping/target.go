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
		if s == "" || strings.TrimLeft(s, "0123456789") != "" {
			return false
		}
		req.act = actExit
		n, err := strconv.Atoi(s)
		if err != nil || n > 255 {
			req.badExit = true
			return true
		}
		req.exit = n
	}
	return true
}

// RedactPath returns a request path fit for a log line: under /ping/, the uuid or ping key is
// replaced with {uuid} or {ping-key}; any other path is returned as it is. The service name
// (slug) and the action stay.
func RedactPath(path string) string {
	rest, found := strings.CutPrefix(path, prefix)
	if !found {
		return path
	}
	first, after, more := strings.Cut(rest, "/")
	if first == "" {
		return path
	}
	redacted := prefix + "{ping-key}"
	if config.IsUUID(first) {
		redacted = prefix + "{uuid}"
	}
	if more {
		redacted += "/" + after
	}
	return redacted
}
