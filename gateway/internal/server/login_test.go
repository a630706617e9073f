package server

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/login"
)

const loginToken = "read-Secret-0123456789abcdef"

// browser is an HTTP client that keeps cookies and follows redirects, as a browser does.
type browser struct {
	t *testing.T
	c *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{Jar: jar}}
}

// get fetches a page as a browser; it returns the status, body and the URL it ended at.
func (b *browser) get(u string) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", browserAccept)
	return b.do(req)
}

// post sends a form from a page of origin.
func (b *browser) post(u string, form url.Values, hdr http.Header) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", browserAccept)
	for k, v := range hdr {
		req.Header[k] = v
	}
	return b.do(req)
}

func (b *browser) do(req *http.Request) (int, string, string) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL.String()
}

var formField = regexp.MustCompile(`name="(csrf|next)" value="([^"]*)"`)

// fields returns the hidden fields of the login form in page.
func fields(t *testing.T, page string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range formField.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	if v.Get("csrf") == "" {
		t.Fatalf("no login form in the page:\n%s", page)
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// logIn goes to page as a browser, is sent to the login page, types token and returns where
// it ended.
func (b *browser) logIn(page, token string) (int, string, string) {
	b.t.Helper()
	code, body, at := b.get(page)
	if code != http.StatusOK || !strings.Contains(at, "/login?next=") {
		b.t.Fatalf("browser to %s = %d at %s; want the login page", page, code, at)
	}
	form := fields(b.t, body)
	form.Set("token", token)
	return b.post(at[:strings.Index(at, "?")], form, http.Header{"Sec-Fetch-Site": {"same-origin"}})
}

// A browser that is not logged in is sent to the login page and, with the read token typed
// there, back to the page it asked for, also under a proxy's path; its session cookie opens
// every read until it logs out; the session survives a restart on the same database and ends
// when the read token changes or it expires.
func TestLoginSession(t *testing.T) { backendtest.Each(t, testLoginSession) }

func testLoginSession(t *testing.T, b backendtest.Backend) {
	db := b.DB(t)
	s1 := b.OpenAt(t, db)
	f := newFixtureDeps(t, s1, servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	for _, base := range []string{f.url, f.url + "/checkin"} {
		br := newBrowser(t)
		code, body, at := br.logIn(base+"/status/backup?x=1", loginToken)
		if code != http.StatusOK || at != base+"/status/backup?x=1" || !strings.Contains(body, "<h1>") {
			t.Fatalf("after logging in under %s: %d at %s; want 200 at the page asked for", base, code, at)
		}
		if !strings.Contains(body, `action="../logout"`) {
			t.Errorf("a page opened with a session has no logout form:\n%s", body)
		}
		if code, _, _ := br.get(base + "/api/v1/services"); code != http.StatusOK {
			t.Errorf("API read with the session = %d; want 200", code)
		}
		// Log out: the cookie is gone, the next page asks for the login again.
		_, page, _ := br.get(base + "/status")
		logout := regexp.MustCompile(`action="logout"><input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
		if logout == nil {
			t.Fatalf("no logout form on /status:\n%s", page)
		}
		code, body, at = br.post(base+"/logout", url.Values{"csrf": {htmlUnescape(logout[1])}}, nil)
		if code != http.StatusOK || !strings.HasSuffix(at, "/login?logged_out") || !strings.Contains(body, "You are logged out") {
			t.Errorf("logout = %d at %s; want the login page saying so", code, at)
		}
		if _, _, at := br.get(base + "/status"); !strings.Contains(at, "/login?next=status") {
			t.Errorf("after logout /status ends at %s; want the login page", at)
		}
	}

	// A session survives a restart on the same database, ends when the read token changes,
	// and when it expires.
	br := newBrowser(t)
	if code, _, at := br.logIn(f.url+"/status", loginToken); code != 200 || at != f.url+"/status" {
		t.Fatalf("log in = %d at %s", code, at)
	}
	cookies := br.c.Jar.Cookies(mustURL(t, f.url))
	s1.Close()
	for _, tt := range []struct {
		name    string
		token   string
		advance time.Duration
		open    bool
	}{
		{"after a restart", loginToken, 0, true},
		{"just before it expires", loginToken, login.DefaultTTL - time.Second, true},
		{"with a new read token", loginToken + "-new", 0, false},
		{"once expired", loginToken, login.DefaultTTL, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := b.OpenAt(t, db)
			f2 := newFixtureDeps(t, s, servicesJSON, func(d *Deps) { d.ReadToken = tt.token })
			f2.clock.Add(tt.advance)
			req, _ := http.NewRequest("GET", f2.url+"/api/v1/services/backup", nil)
			for _, c := range cookies {
				req.AddCookie(c)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if open := resp.StatusCode == http.StatusOK; open != tt.open {
				t.Errorf("read with the session cookie = %d; want open=%v", resp.StatusCode, tt.open)
			}
			s.Close()
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func cookieJar() (http.CookieJar, error) { return cookiejar.New(nil) }
