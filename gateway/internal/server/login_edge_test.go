package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// The logout form's token is bound to the session: a logout post without it, or from another
// site, is refused (403) and the session stays.
func TestLogoutRefusesCrossSite(t *testing.T) { backendtest.Each(t, testLogoutRefusesCrossSite) }

func testLogoutRefusesCrossSite(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	br := newBrowser(t)
	if code, _, _ := br.logIn(f.url+"/status", loginToken); code != 200 {
		t.Fatalf("log in = %d", code)
	}
	_, page, _ := br.get(f.url + "/status")
	token := htmlUnescape(regexp.MustCompile(`action="logout"><input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1])
	for _, tt := range []struct {
		name string
		csrf string
		hdr  http.Header
	}{
		{"no form token", "", nil},
		{"another form token", "AAAA", nil},
		{"from another site", token, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
	} {
		code, _, _ := br.post(f.url+"/logout", url.Values{"csrf": {tt.csrf}}, tt.hdr)
		if code != http.StatusForbidden {
			t.Errorf("%s: logout = %d; want 403", tt.name, code)
		}
		if code, _, at := br.get(f.url + "/status"); code != 200 || at != f.url+"/status" {
			t.Errorf("%s: after the refused logout /status = %d at %s; want the page", tt.name, code, at)
		}
	}
}

// While the database cannot give the session secret, the login page says so (503) instead of
// failing obscurely, and Bearer reads still work.
func TestLoginWithoutDatabase(t *testing.T) {
	// SQLite only: a closed store answers the same on both engines (ErrClosed, conformance suite).
	db := backendtest.SQLite.Open(t)
	f := newFixtureDeps(t, db, servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	db.Close()
	code, body, _ := newBrowser(t).get(f.url + "/login")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "needs the database") {
		t.Errorf("login page without the database = %d; want 503 saying why:\n%s", code, body)
	}
	code, _, _ = sendFrom(t, http.DefaultClient, "GET", f.url+"/api/v1/services/backup", "", http.Header{"Authorization": {"Bearer " + loginToken}})
	if code == http.StatusUnauthorized {
		t.Errorf("Bearer read without the database = 401; want it past the read check")
	}
}

// Served over TLS, the session cookie is Secure.
func TestLoginCookieSecureOverTLS(t *testing.T) {
	cfg, err := config.Parse([]byte(servicesJSON))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(New(Deps{Config: func() *config.Config { return cfg }, Store: backendtest.SQLite.Open(t),
		Registry: prometheus.NewRegistry(), ReadToken: loginToken}))
	t.Cleanup(srv.Close)
	br := newBrowser(t)
	br.c.Transport = srv.Client().Transport
	br.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	_, page, _ := br.get(srv.URL + "/login")
	form := fields(t, page)
	form.Set("token", loginToken)
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := br.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	session := sessionCookie(resp)
	if !strings.Contains(session, "; Secure") {
		t.Errorf("Set-Cookie over TLS = %q; want Secure", session)
	}
}

// Two login pages open in one browser (two tabs) both log in.
func TestLoginTwoTabs(t *testing.T) {
	// SQLite only: the form's cookie does not depend on the engine.
	f := newFixtureDeps(t, backendtest.SQLite.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	br := newBrowser(t)
	_, first, at := br.get(f.url + "/status")
	_, _, _ = br.get(f.url + "/status/backup") // the second tab
	form := fields(t, first)
	form.Set("token", loginToken)
	if code, _, end := br.post(at[:strings.Index(at, "?")], form, nil); code != 200 || end != f.url+"/status" {
		t.Errorf("login from the first tab after opening a second = %d at %s; want /status", code, end)
	}
}
