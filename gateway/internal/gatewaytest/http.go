package gatewaytest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// RoundTrip sends req and returns the answer's status code, body and headers.
func RoundTrip(t testing.TB, req *http.Request) (int, string, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// ErrorBody checks that an answer is a JSON error object and returns its message.
func ErrorBody(t testing.TB, hdr http.Header, body string) string {
	t.Helper()
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q; want application/json", ct)
	}
	var e struct {
		Error string `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error == "" {
		t.Errorf("error body %q is not {\"error\": \"...\"}: %v", body, err)
	}
	return e.Error
}

// Gzipped returns s compressed with gzip, as a body sent with Content-Encoding: gzip.
func Gzipped(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Resolve follows ref from the page at page (a path with its query), as a client resolves a
// link such as a Link header's relative target.
func Resolve(t testing.TB, page, ref string) string {
	t.Helper()
	base, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	u, err := base.Parse(ref)
	if err != nil {
		t.Fatalf("link %q from %s: %v", ref, page, err)
	}
	return u.String()
}

// UnderPath serves h as it is, and again under /checkin as a proxy serving the gateway under a
// path passes it on (nginx: location /checkin/ { proxy_pass http://127.0.0.1:5000/; }).
func UnderPath(h http.Handler) http.Handler {
	prefixed := http.StripPrefix("/checkin", h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/checkin/") {
			prefixed.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
