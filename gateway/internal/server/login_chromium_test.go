package server

import (
	"strconv"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A real browser goes through the login page: sent there from a service's page (also under a
// proxy's path), refused a wrong token, let in with the right one and brought back to the
// page, which has a logout button that works. The cookie is out of the page's scripts' reach
// (HttpOnly). SQLite only: the HTTP tests run the same flow on both engines.
func TestLoginInChromium(t *testing.T) {
	bin := checkintest.RequireTool(t, "chromium")
	if testing.Short() {
		t.Skip("starts Chromium")
	}
	f := newFixtureDeps(t, backendtest.SQLite.Open(t), servicesJSON, func(d *Deps) { d.ReadToken = loginToken })
	f.checkin(t, "backup", "secret-backup", "OK", "nightly run fine")
	for name, base := range map[string]string{"at the root": f.url, "under a path": f.url + "/checkin"} {
		t.Run(name, func(t *testing.T) {
			c := gatewaytest.StartChromium(t, bin)
			c.Navigate(base + "/status/backup")
			if at := c.Eval("location.href"); at != base+"/login?next=status%2Fbackup" {
				t.Fatalf("Chromium at %s; want the login page", at)
			}
			typeToken := func(tok string) {
				c.Submit(`document.getElementById("token").value = ` + strconv.Quote(tok) + `; document.querySelector("form.login button").click()`)
			}
			typeToken("wrong-token-0123456789abcdef")
			if text := c.Eval("document.body.innerText"); !strings.Contains(text, "Wrong read token") {
				t.Fatalf("after a wrong token the page says:\n%s", text)
			}
			typeToken(loginToken)
			if at := c.Eval("location.href"); at != base+"/status/backup" {
				t.Fatalf("after logging in Chromium is at %s; want %s", at, base+"/status/backup")
			}
			if text := c.Eval("document.body.innerText"); !strings.Contains(text, "nightly run fine") {
				t.Errorf("the service's page after logging in says:\n%s", text)
			}
			if cookies := c.Eval("document.cookie"); strings.Contains(cookies, "checkin_session") {
				t.Errorf("the page's scripts see the session cookie: %s", cookies)
			}
			c.Navigate(base + "/status")
			if at := c.Eval("location.href"); at != base+"/status" {
				t.Errorf("another page with the session: Chromium at %s", at)
			}
			c.Submit(`document.querySelector("form.logout button").click()`)
			if text := c.Eval("document.body.innerText"); !strings.Contains(text, "You are logged out") {
				t.Errorf("after logging out the page says:\n%s", text)
			}
			c.Navigate(base + "/status")
			if at := c.Eval("location.href"); !strings.HasPrefix(at, base+"/login?") {
				t.Errorf("after logging out /status ends at %s; want the login page", at)
			}
		})
	}
}
