package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// readToken is the gateway's read token in these tests.
const readToken = "e2e-Read-Token-0123456789abcdef"

// The read-protected set-up end to end: a gateway with --read-token-file; Icinga 2 with the
// shipped CheckCommand and icinga-config's objects, passing Icinga's copy of the token to
// check_checkin, gets OK for every service (and UNKNOWN 401 for one without the token, so the
// token is what makes the difference); Chromium follows a Service's notes_url, is sent to the
// login page, logs in with the token and lands on the service's page; real curl reads with
// `-u any:TOKEN` and is refused without it and with ?token=.
//
// Icinga's token goes in by `icinga-config --read-token-file`; the control service's objects
// are printed without it, under a gateway Host of their own.
func TestReadProtectedSetUp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway, Icinga 2 and Chromium")
	}
	s := icingatest.New(t)
	chromium := checkintest.RequireTool(t, "chromium")
	curl := checkintest.RequireTool(t, "curl")

	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "read-token")
	icingaToken := filepath.Join(s.Dir, "checkin-read-token") // Icinga's copy
	for _, f := range []string{tokenFile, icingaToken} {
		if err := os.WriteFile(f, []byte(readToken+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	protected := `
  "nightly-backup": {"token": "backup-token-0123", "timeout": "1d"},
  "mail queue":     {"token": "mail-token-0123", "timeout": "1d"}`
	control := `
  "no-read-token":  {"token": "plain-token-0123", "timeout": "1d"}`
	services := "{" + protected + "," + control + "\n}"
	g := gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Services: services, Args: []string{"--read-token-file", tokenFile}})
	for _, c := range [][2]string{{"nightly-backup", "backup-token-0123"}, {"mail queue", "mail-token-0123"}, {"no-read-token", "plain-token-0123"}} {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "fine from e2e"}`, c[0], c[1])
		resp, err := http.Post(g.URL+"/api/v1/checkins", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("check-in for %s = %d; want 204", c[0], resp.StatusCode)
		}
	}

	// Icinga 2 with the shipped files and icinga-config's objects.
	s.LinkPlugin(t, "check_http", icingatest.SystemPlugin(t, "check_http"))
	s.LinkPlugin(t, "check_checkin", checkintest.Build(t, "../../plugin", "check_checkin"))
	var generated string
	for _, part := range []struct {
		services string
		args     []string
	}{
		{protected, []string{"--create-hosts", "--read-token-file", icingaToken}},
		{control, []string{"--host-name", "control-gateway"}}, // a Host of its own: one per output
	} {
		cfgPath := filepath.Join(t.TempDir(), "services.json")
		if err := os.WriteFile(cfgPath, []byte("{"+part.services+"\n}"), 0o600); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"icinga-config", "--config", cfgPath, "--gateway-url", g.URL}, part.args...)
		out, err := exec.Command(gatewaytest.Binary(t), args...).Output()
		if err != nil {
			t.Fatalf("icinga-config %v: %v", part.args, err)
		}
		generated += string(out)
	}
	includes := []string{s.WriteFile(t, "generated.conf", generated)}
	for _, name := range []string{"commands.conf", "templates.conf", "services.conf"} {
		includes = append(includes, filepath.Join("..", "..", "deploy", "icinga2", name))
	}
	for i, p := range includes {
		var err error
		if includes[i], err = filepath.Abs(p); err != nil {
			t.Fatal(err)
		}
	}
	config := s.WriteConfig(t, "icinga2.conf", includes...)
	s.Validate(t, config)
	s.Start(t, config, "checkin-gateway")

	results := s.CheckNow(t, "Service", `service.vars.checkin_gateway_host in ["checkin-gateway", "control-gateway"]`)
	want := map[string]int{"checkin-gateway!nightly-backup": 0, "checkin-gateway!mail queue": 0, "control-gateway!no-read-token": 3}
	for name, state := range want {
		r, ok := results[name]
		if !ok {
			s.Fatalf(t, "Icinga has no Service %s; it has %v", name, results)
		}
		if r.State != state {
			s.Errorf(t, "%s in Icinga: state %d (%s); want %d", name, r.State, r.Last.Output, state)
		}
	}
	if out := results["control-gateway!no-read-token"].Last.Output; !strings.Contains(out, "401") {
		t.Errorf("the service without the read token says %q; want a 401", out)
	}

	// A browser follows the Service's notes_url from Icinga Web through the login page.
	type notes struct {
		NotesURL string `json:"notes_url"`
	}
	objs := icingatest.Objects[notes](t, s, "Service", `service.name == "nightly-backup"`, "notes_url")
	notesURL := objs["checkin-gateway!nightly-backup"].NotesURL
	if notesURL != g.URL+"/status/nightly-backup" {
		t.Fatalf("notes_url = %q", notesURL)
	}
	c := gatewaytest.StartChromium(t, chromium)
	c.Navigate(notesURL)
	if at := c.Eval("location.href"); !strings.HasPrefix(at, g.URL+"/login?next=") {
		t.Fatalf("Chromium at %s; want the login page", at)
	}
	c.Submit(`document.getElementById("token").value = ` + strconv.Quote(readToken) + `; document.querySelector("form.login button").click()`)
	if at := c.Eval("location.href"); at != notesURL {
		t.Fatalf("after logging in Chromium is at %s; want %s", at, notesURL)
	}
	if text := c.Eval("document.body.innerText"); !strings.Contains(text, "fine from e2e") {
		t.Errorf("the service's page after logging in says:\n%s", text)
	}

	// curl, with the token as the Basic password; without it, and with it in the URL, refused.
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"-u any:TOKEN", []string{"-u", "any:" + readToken, g.URL + "/api/v1/services"}, 200},
		{"no token", []string{g.URL + "/api/v1/services"}, 401},
		{"?token=", []string{g.URL + "/api/v1/services?token=" + readToken}, 401},
	} {
		out, err := exec.Command(curl, append([]string{"-s", "-w", "\n%{http_code}", "--max-time", "10"}, tt.args...)...).Output()
		if err != nil {
			t.Fatalf("curl %s: %v", tt.name, err)
		}
		cut := strings.LastIndex(string(out), "\n")
		body, code := string(out[:cut]), string(out[cut+1:])
		if code != strconv.Itoa(tt.code) {
			t.Errorf("curl %s = %s %s; want %d", tt.name, code, body, tt.code)
		}
		if tt.code == 200 {
			var list any
			if err := json.Unmarshal([]byte(body), &list); err != nil || !strings.Contains(body, "nightly-backup") {
				t.Errorf("curl %s: %v; body %s", tt.name, err, body)
			}
		}
	}
	if log := g.Stderr.String(); strings.Contains(log, readToken) {
		t.Errorf("the gateway's log shows the read token:\n%s", log)
	}
}
