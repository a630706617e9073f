package servicelist

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// pageLimit reads the limit query parameter: a whole number from 1 to most, def when missing.
func pageLimit(r *http.Request, def, most int) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > most {
		return 0, respond.BadRequest("query parameter limit must be a whole number from 1 to %d", most)
	}
	return n, nil
}

// setNextLink sends a Link header (RFC 8288) naming the next page: the request's own query
// with the parameters in set replaced, so that the client's filters carry over, as a reference
// relative to the request's URL, so that it holds behind a proxy that serves the gateway under
// a path.
func setNextLink(w http.ResponseWriter, r *http.Request, set url.Values) {
	q := r.URL.Query()
	for k, v := range set {
		q[k] = v
	}
	w.Header().Add("Link", "<?"+q.Encode()+`>; rel="next"`)
}

// jsonArray writes a JSON array one element at a time, so an answer is never built whole in
// memory.
type jsonArray struct {
	w   *bufio.Writer
	enc *json.Encoder
	n   int
}

// startJSONArray sends the headers and the opening bracket.
func startJSONArray(w http.ResponseWriter) *jsonArray {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteByte('[')
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(true)
	return &jsonArray{w: bw, enc: enc}
}

// add writes one element. An error means the client went away.
func (a *jsonArray) add(v any) error {
	if a.n > 0 {
		a.w.WriteByte(',')
	}
	a.n++
	return a.enc.Encode(v)
}

// end closes the array and flushes.
func (a *jsonArray) end() {
	a.w.WriteString("]\n")
	_ = a.w.Flush()
}
