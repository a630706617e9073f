package clientaddr

import "net/http"

// Middleware puts the client's address (see Of) into r.RemoteAddr for everything after it:
// the failure limiter, the logs and the request log. A request from a trusted proxy gets the
// forwarded address, without a port; any other request is left as it came.
func (t Trusted) Middleware(next http.Handler) http.Handler {
	if len(t.prefixes) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr, ok := t.Of(r.RemoteAddr, r.Header); ok {
			if conn, _ := parseHost(r.RemoteAddr); addr != conn {
				r2 := *r // a shallow copy, as http.Request.WithContext makes
				r2.RemoteAddr = addr.String()
				r = &r2
			}
		}
		next.ServeHTTP(w, r)
	})
}
