package login

import (
	"net/http"
	"net/url"
	"strings"
)

// defaultNext is where a login leads when the form names no page.
const defaultNext = "status"

// upToRoot is the relative way from path's folder to the gateway's root: "" for /status,
// "../" for /status/name and for /status/.
func upToRoot(path string) string {
	return strings.Repeat("../", max(0, strings.Count(path, "/")-1))
}

// trimSlashes is path without its leading slashes: relative to the gateway's root.
func trimSlashes(path string) string { return strings.TrimLeft(path, "/") }

func queryEscape(s string) string { return url.QueryEscape(s) }

// SafeNext returns next when it is a path relative to the gateway's root on this site, and
// defaultNext for anything else: an absolute URL, a scheme (javascript:), a network path
// (//host), a leading slash or backslash (some browsers read /\host as //host), a control
// character. A login can never send the browser to another site.
func SafeNext(next string) string {
	if next == "" || strings.HasPrefix(next, "/") || strings.ContainsAny(next, "\\") {
		return defaultNext
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return defaultNext
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return defaultNext
	}
	return next
}

// overTLS reports whether the browser reached the gateway over TLS: directly, or through a
// proxy that says so (X-Forwarded-Proto or Forwarded). Trusting the header costs nothing: a
// wrongly Secure cookie is only not sent back over plain HTTP.
func overTLS(r *http.Request) bool {
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return true
	}
	return strings.Contains(strings.ToLower(r.Header.Get("Forwarded")), "proto=https")
}

// sameOrigin reports whether a form post came from the gateway's own pages. Browsers send
// Sec-Fetch-Site; older ones send Origin, or at least Referer, compared with the Host the
// browser asked for. A request with none of them is let through: the form token guards it.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return true
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" {
		return false // Origin: null, among others
	}
	host := r.Header.Get("X-Forwarded-Host")
	if host == "" {
		host = r.Host
	}
	return strings.EqualFold(u.Host, host)
}

// seeOther answers 303 See Other with a Location relative to the request, as given:
// http.Redirect would make it absolute from the path the gateway saw, which is wrong when a
// proxy serves the gateway under a path.
func seeOther(w http.ResponseWriter, to string) {
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusSeeOther)
}
