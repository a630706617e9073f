package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// The session cookie is HttpOnly and SameSite=Lax (a link from Icinga Web arrives logged in),
// expires with the session, has no Path (the browser scopes it to the login's folder), and is
// Secure when the browser came over TLS, directly or through a proxy that says so.
func TestLoginCookieAttributes(t *testing.T) {
	// SQLite only: the cookie's attributes do not depend on the engine (TestLoginSession runs both).
	f := newFixtureDeps(t, backendtest.SQLite.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	for _, tt := range []struct {
		name   string
		hdr    http.Header
		secure bool
	}{
		{"plain HTTP", http.Header{}, false},
		{"behind a TLS proxy", http.Header{"X-Forwarded-Proto": {"https"}}, true},
		{"behind a TLS proxy, Forwarded", http.Header{"Forwarded": {"for=192.0.2.1;proto=https"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			br := newBrowser(t)
			br.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			req, _ := http.NewRequest("GET", f.url+"/login", nil)
			req.Header = tt.hdr.Clone()
			_, page, _ := br.do(req)
			form := fields(t, page)
			form.Set("token", loginToken)
			req, _ = http.NewRequest("POST", f.url+"/login", strings.NewReader(form.Encode()))
			req.Header = tt.hdr.Clone()
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := br.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			session := sessionCookie(resp)
			want := []string{"HttpOnly", "SameSite=Lax", "Max-Age=43200"}
			for _, w := range want {
				if !strings.Contains(session, w) {
					t.Errorf("Set-Cookie %q lacks %s", session, w)
				}
			}
			if strings.Contains(session, "Path=") {
				t.Errorf("Set-Cookie %q sets a Path", session)
			}
			if got := strings.Contains(session, "Secure"); got != tt.secure {
				t.Errorf("Set-Cookie %q: Secure = %v; want %v", session, got, tt.secure)
			}
		})
	}
}

// sessionCookie is the Set-Cookie header of the session in resp, "" when there is none.
func sessionCookie(resp *http.Response) string {
	var session string
	for _, c := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "checkin_session=") {
			session = c
		}
	}
	return session
}
