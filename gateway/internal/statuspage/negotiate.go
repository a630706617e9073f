package statuspage

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// prefersHTML reports whether the client asks for HTML over JSON: text/html must be named
// outright and rank above JSON. Browsers send "text/html,...,*/*;q=0.8"; curl, the older
// plugin and check_checkin send "*/*" or nothing, and keep getting JSON. A tie goes to JSON.
func prefersHTML(r *http.Request) bool {
	html := 0.0
	json := map[string]float64{} // by how specific the range is
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		switch mt {
		case "text/html":
			html = max(html, q)
		case "application/json", "application/*", "*/*":
			json[mt] = max(json[mt], q)
		}
	}
	jsonQ := 0.0
	for _, mt := range []string{"application/json", "application/*", "*/*"} {
		if q, ok := json[mt]; ok {
			jsonQ = q
			break
		}
	}
	return html > 0 && html > jsonQ
}

// Root answers GET / : the status page (page) for a browser that asks for no service, the
// older gateway's JSON state answer (api) for everyone else.
func Root(page, api http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		if r.URL.Query().Get("service") == "" && prefersHTML(r) {
			page.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	}
}
