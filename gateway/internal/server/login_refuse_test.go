package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// The login form refuses posts without its form token and cookie, with another's, or from
// another site, and logs none of them in.
func TestLoginRefusesCrossSite(t *testing.T) { backendtest.Each(t, testLoginRefusesCrossSite) }

func testLoginRefusesCrossSite(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	tests := []struct {
		name      string
		noCookie  bool
		csrf      string // "" for the page's own
		hdr       http.Header
		wantCode  int
		wantLogIn bool
	}{
		{"the page's own form", false, "", http.Header{"Sec-Fetch-Site": {"same-origin"}}, 200, true},
		{"old browser, same Origin", false, "", http.Header{"Origin": {f.url}}, 200, true},
		{"no cookie", true, "", nil, 403, false},
		{"another form token", false, "AAAA", nil, 403, false},
		{"cross-site", false, "", http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403, false},
		{"same site, other origin", false, "", http.Header{"Sec-Fetch-Site": {"same-site"}}, 403, false},
		{"old browser, other Origin", false, "", http.Header{"Origin": {"http://evil.example"}}, 403, false},
		{"old browser, Origin null", false, "", http.Header{"Origin": {"null"}}, 403, false},
		{"old browser, other Referer", false, "", http.Header{"Referer": {"http://evil.example/x"}}, 403, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br := newBrowser(t)
			_, page, at := br.get(f.url + "/status")
			form := fields(t, page)
			form.Set("token", loginToken)
			if tt.csrf != "" {
				form.Set("csrf", tt.csrf)
			}
			if tt.noCookie {
				br.c.Jar, _ = cookieJar()
			}
			code, body, _ := br.post(at[:strings.Index(at, "?")], form, tt.hdr)
			if code != tt.wantCode {
				t.Errorf("login post = %d; want %d:\n%s", code, tt.wantCode, body)
			}
			if code == 403 && !strings.Contains(body, "Load the login page again") {
				t.Errorf("403 page does not say what to do:\n%s", body)
			}
			req, _ := http.NewRequest("GET", f.url+"/api/v1/services", nil)
			code, _, _ = br.do(req)
			if loggedIn := code == 200; loggedIn != tt.wantLogIn {
				t.Errorf("logged in = %v; want %v", loggedIn, tt.wantLogIn)
			}
		})
	}
}

// Wrong tokens typed into the login form and sent with HTTP Basic count with wrong Bearer
// tokens against the address: past the limit the form answers 429 with a page, the API 429;
// the right token still passes. A missing token is no guess.
func TestLoginGuessesLimited(t *testing.T) { backendtest.Each(t, testLoginGuessesLimited) }

func testLoginGuessesLimited(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.ReadToken, d.AuthFailLimit, d.AuthFailWindow = loginToken, 3, time.Minute
	})
	br := newBrowser(t)
	_, page, at := br.get(f.url + "/status")
	loginURL := at[:strings.Index(at, "?")]
	try := func(token string) (int, string) {
		form := fields(t, page)
		form.Set("token", token)
		code, body, _ := br.post(loginURL, form, nil)
		page = body // the answer carries a new form
		return code, body
	}
	if code, body := try("guess-1"); code != 401 || !strings.Contains(body, "Wrong read token") {
		t.Fatalf("wrong token in the form = %d; want 401 saying so:\n%s", code, body)
	}
	if code, _, hdr := sendFrom(t, http.DefaultClient, "GET", f.url+"/api/v1/services", "", basic("guess-2")); code != 401 || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("wrong Basic password = %d; want 401", code)
	}
	if code, _, _ := sendFrom(t, http.DefaultClient, "GET", f.url+"/api/v1/services", "", http.Header{"Authorization": {"Bearer guess-3"}}); code != 401 {
		t.Fatalf("wrong Bearer = %d; want 401", code)
	}
	if code, body := try("guess-4"); code != 429 || !strings.Contains(body, "Too many wrong read tokens") {
		t.Errorf("wrong token in the form after 3 = %d; want 429 saying so:\n%s", code, body)
	}
	if code, _, _ := sendFrom(t, http.DefaultClient, "GET", f.url+"/api/v1/services", "", basic("guess-5")); code != 429 {
		t.Errorf("wrong Basic password after 3 = %d; want 429", code)
	}
	if code, _, _ := sendFrom(t, http.DefaultClient, "GET", f.url+"/api/v1/services", "", basic(loginToken)); code != 200 {
		t.Errorf("right Basic password over the limit = %d; want 200", code)
	}
	if code, _ := try(loginToken); code != 200 {
		t.Errorf("right token in the form over the limit = %d; want 200 (the page)", code)
	}
	if strings.Contains(page, loginToken) {
		t.Errorf("a page shows the read token")
	}
}

func basic(password string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("any:"+password))}}
}

// HTTP Basic with the read token as the password reads (curl -u any:TOKEN); the token in the
// URL never does, with a message that says how to send it, for a browser too.
func TestReadTokenBasicNotURL(t *testing.T) { backendtest.Each(t, testReadTokenBasicNotURL) }

func testReadTokenBasicNotURL(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	tests := []struct {
		name, path string
		hdr        http.Header
		want       int
		msg        string
	}{
		{"basic", "/api/v1/services/backup", basic(loginToken), 200, ""},
		{"basic, any user", "/report?service=backup", http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(":"+loginToken))}}, 200, ""},
		{"basic, wrong password", "/api/v1/services/backup", basic("nope"), 401, "wrong read token"},
		{"token in the URL", "/api/v1/services/backup?token=" + loginToken, nil, 401, "never taken from the URL"},
		{"token in a browser's URL", "/status?token=" + loginToken, http.Header{"Accept": {browserAccept}}, 401, "never taken from the URL"},
		{"no token", "/api/v1/services/backup", nil, 401, "curl -u any:TOKEN"},
		{"browser: to the login page", "/status", http.Header{"Accept": {browserAccept}}, 303, ""},
		{"login page is open", "/login", nil, 200, ""},
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, hdr := sendFrom(t, noRedirect, "GET", f.url+tt.path, "", tt.hdr)
			if code != tt.want {
				t.Fatalf("GET %s = %d %s; want %d", tt.path, code, body, tt.want)
			}
			if tt.msg != "" && !strings.Contains(gatewaytest.ErrorBody(t, hdr, body), tt.msg) {
				t.Errorf("error = %s; want it to say %q", body, tt.msg)
			}
			if strings.Contains(body, loginToken) {
				t.Errorf("the answer shows the read token")
			}
		})
	}
}

// Where a login leads is always a path on this site: anything else leads to the status page.
func TestLoginNoOpenRedirect(t *testing.T) { backendtest.Each(t, testLoginNoOpenRedirect) }

func testLoginNoOpenRedirect(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	tests := []struct{ next, want string }{
		{"status/backup?x=1", "status/backup?x=1"},
		{"", "status"},
		{"//evil.example/x", "status"},
		{"/\\evil.example", "status"},
		{"\\\\evil.example", "status"},
		{"https://evil.example/", "status"},
		{"javascript:alert(1)", "status"},
		{"/status", "status"},
		{"status\r\nSet-Cookie: x=1", "status"},
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			br := newBrowser(t)
			br.c.CheckRedirect = noRedirect.CheckRedirect
			_, page, _ := br.get(f.url + "/login?next=" + url.QueryEscape(tt.next))
			form := fields(t, page)
			form.Set("next", tt.next) // as a forged form would
			form.Set("token", loginToken)
			req, _ := http.NewRequest("POST", f.url+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := br.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != tt.want {
				t.Errorf("login with next %q = %d to %q; want 303 to %q", tt.next, resp.StatusCode, loc, tt.want)
			}
		})
	}
}
