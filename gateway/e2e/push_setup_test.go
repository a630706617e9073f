package e2e

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// pushPassword is the push ApiUser's password; it must show nowhere.
const pushPassword = "pw-Zq8vK3mT9xLr2NcY"

// pushUser is the ApiUser of docs/icinga.md, with pushPassword: it may only post check results
// for check-in Services.
func pushUser(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "icinga.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\n   (object ApiUser "checkin-gateway" \{\n.*?\n   \})\n`).FindSubmatch(doc)
	if m == nil {
		t.Fatal(`docs/icinga.md has no object ApiUser "checkin-gateway" in a list item`)
	}
	user := strings.ReplaceAll(string(m[1]), "\n   ", "\n")
	if !strings.Contains(user, `"the password"`) {
		t.Fatalf("the ApiUser of docs/icinga.md has no \"the password\":\n%s", user)
	}
	return strings.Replace(user, `"the password"`, strconv.Quote(pushPassword), 1) + "\n"
}

// pushRig is a real Icinga 2 with the shipped files and icinga-config --push objects, and the
// gateway pushing to it. check_checkin is a wrapper that counts its runs.
type pushRig struct {
	s        *icingatest.Sandbox
	g        *gatewaytest.Gateway
	config   string   // Icinga's main configuration file
	runs     string   // the file the wrapper appends a line to per run
	notified string   // the notifications file
	services string   // the gateway's services.json
	args     []string // the gateway's flags after --listen, --config and --db
}

// newPushRig starts the gateway on services (with push flags and extra), then writes Icinga's
// configuration from inIcinga (a services.json text, maybe without some services). Icinga is
// not started.
func newPushRig(t *testing.T, services, inIcinga string, extra ...string) *pushRig {
	t.Helper()
	return newPushRigOn(t, "", "", services, inIcinga, extra...)
}

// newPushRigOn is newPushRig with the gateway on db (empty: a new SQLite file), and Icinga
// checking the gateway at gatewayURL (empty: the gateway's own).
func newPushRigOn(t *testing.T, db, gatewayURL, services, inIcinga string, extra ...string) *pushRig {
	t.Helper()
	if testing.Short() {
		t.Skip("starts Icinga 2 and the gateway")
	}
	s := icingatest.New(t)
	s.LinkPlugin(t, "check_http", icingatest.SystemPlugin(t, "check_http"))
	r := &pushRig{s: s, runs: filepath.Join(s.Dir, "plugin-runs"), notified: filepath.Join(s.Dir, "notifications.log")}
	plugin := checkintest.Build(t, "../../plugin", "check_checkin")
	wrapper := fmt.Sprintf("#!/bin/sh\necho run >>%q\nexec %q \"$@\"\n", r.runs, plugin)
	if err := os.WriteFile(filepath.Join(s.PluginDir, "check_checkin"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "icinga-password")
	if err := os.WriteFile(pwFile, []byte(pushPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.services = filepath.Join(dir, "services.json")
	if err := os.WriteFile(r.services, []byte(services), 0o600); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--icinga-url", s.APIURL(), "--icinga-user", "checkin-gateway",
		"--icinga-password-file", pwFile, "--icinga-ca-file", s.CAFile(), "--log-level", "debug"}, extra...)
	r.args = args
	r.g = gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Config: r.services, DB: db, Args: args})
	if gatewayURL == "" {
		gatewayURL = r.g.URL
	}
	generated := s.WriteFile(t, "generated.conf", icingaConfig(t, inIcinga, "--push", "--gateway-url", gatewayURL))
	user := s.WriteFile(t, "push-user.conf", pushUser(t))
	notify := s.WriteFile(t, "notify.conf", icingatest.NotifyToFile(r.notified))
	var files []string
	for _, name := range []string{"commands.conf", "templates.conf", "services.conf"} {
		files = append(files, filepath.Join("..", "..", "deploy", "icinga2", name))
	}
	for i, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = abs
	}
	r.config = s.WriteConfig(t, "icinga2.conf", append(files, generated, user, notify)...)
	s.Validate(t, r.config)
	return r
}

// icingaConfig runs `checkin-gateway icinga-config` with args on services (a services.json text).
func icingaConfig(t *testing.T, services string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(path, []byte(services), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(gatewaytest.Binary(t), append([]string{"icinga-config", "--config", path}, args...)...).Output()
	if err != nil {
		t.Fatalf("icinga-config %v: %v", args, err)
	}
	return string(out)
}

// start starts Icinga.
func (r *pushRig) start(t *testing.T) *icingatest.Daemon {
	t.Helper()
	return r.s.Start(t, r.config, "checkin-gateway")
}

// pushed is what the tests read of a check-in Service in Icinga.
type pushed struct {
	State     int     `json:"state"`
	StateType int     `json:"state_type"`
	Reachable bool    `json:"last_reachable"`
	NextCheck float64 `json:"next_check"`
	Last      struct {
		Output      string   `json:"output"`
		Perf        []string `json:"performance_data"`
		ExitStatus  int      `json:"exit_status"`
		CheckSource string   `json:"check_source"`
		TTL         float64  `json:"ttl"`
		Active      bool     `json:"active"`
		End         float64  `json:"execution_end"`
	} `json:"last_check_result"`
}

// services reads the check-in Services, by "HOST!SERVICE".
func (r *pushRig) servicesNow(t *testing.T) map[string]pushed {
	t.Helper()
	return icingatest.Objects[pushed](t, r.s, "Service", `service.vars.checkin_gateway_host == "checkin-gateway"`,
		"state", "state_type", "last_reachable", "next_check", "last_check_result")
}

// waitState polls Icinga every 20ms until service (under the gateway's Host) has state and its
// output contains text; it returns the time it saw it.
func (r *pushRig) waitState(t *testing.T, service string, state int, text string, limit time.Duration) (time.Time, pushed) {
	t.Helper()
	var got pushed
	deadline := time.Now().Add(limit)
	for {
		got = r.servicesNow(t)["checkin-gateway!"+service]
		if got.State == state && strings.Contains(got.Last.Output, text) {
			return time.Now(), got
		}
		if time.Now().After(deadline) {
			r.s.Fatalf(t, "%s: no state %d with %q in Icinga within %v; last %+v\ngateway said:\n%s", service, state, text, limit, got, r.g.Stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkin posts a check-in and returns when the 204 came.
func (r *pushRig) checkin(t *testing.T, service, token, status, info string) time.Time {
	t.Helper()
	body := fmt.Sprintf(`{"service": %q, "token": %q, "status": %q, "info": %q}`, service, token, status, info)
	resp, err := http.Post(r.g.URL+"/api/v1/checkins", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("check-in %s: HTTP %d; want 204", service, resp.StatusCode)
	}
	return time.Now()
}

// pluginRuns is how often Icinga ran check_checkin so far.
func (r *pushRig) pluginRuns(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(r.runs)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Count(string(b), "run\n")
}

// get fetches a gateway page.
func (r *pushRig) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(r.g.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// metric is the value of a series on /metrics (-1 when it is missing).
func (r *pushRig) metric(t *testing.T, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(r.get(t, "/metrics"))
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitUntil polls cond every 50ms for up to limit.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// asPushUser sends a request to Icinga's API as the push ApiUser and returns the HTTP code.
func (r *pushRig) asPushUser(t *testing.T, method, path string) int {
	t.Helper()
	pem, err := os.ReadFile(r.s.CAFile())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer transport.CloseIdleConnections()
	req, err := http.NewRequest(method, r.s.APIURL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("checkin-gateway", pushPassword)
	req.Header.Set("Accept", "application/json")
	resp, err := transport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
