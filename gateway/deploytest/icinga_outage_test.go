package deploytest

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// serviceAttrs are the attributes of a Service that icinga-config sets from services.json.
type serviceAttrs struct {
	Host        string         `json:"host_name"`
	DisplayName string         `json:"display_name"`
	Groups      []string       `json:"groups"`
	NotesURL    string         `json:"notes_url"`
	Vars        map[string]any `json:"vars"`
}

// The recommended set-up in a real Icinga 2: deploy/icinga2 and icinga-config's objects for an
// HTTPS gateway with a private CA and services on three hosts. Each Service is under its host
// with its settings and the gateway's state. Then the gateway stops: the first service to fail
// makes Icinga re-check the gateway's Host, every check-in Service turns unreachable, and only
// the Host notifies.
func TestIcingaGatewayOutageIsOneAlert(t *testing.T) {
	s := icingatest.New(t)
	s.LinkPlugin(t, "check_http", icingatest.SystemPlugin(t, "check_http"))
	s.LinkPlugin(t, "check_checkin", pluginBinary(t))

	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gateway")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	t.Cleanup(client.CloseIdleConnections)
	g := startGateway(t, placedServices, client, "--tls-cert", cert, "--tls-key", key)
	for _, c := range []struct{ service, token, status string }{
		{"backup", "backup-token", "OK"}, {"laptop update", "laptop-token", "WARNING"}, {"failing", "failing-token", "CRITICAL"},
	} {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": %q, "info": "from the test"}`, c.service, c.token, c.status)
		resp, err := client.Post(g.URL+"/api/v1/checkins", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("check-in for %s: HTTP %d; want 204", c.service, resp.StatusCode)
		}
	}

	notified := filepath.Join(s.Dir, "notifications.log")
	generated := s.WriteFile(t, "generated.conf",
		icingaConfig(t, placedServices, "--create-hosts", "--create-groups", "--gateway-url", g.URL, "--ca-file", ca.CertFile))
	notify := s.WriteFile(t, "notify.conf", icingatest.NotifyToFile(notified))
	config := s.WriteConfig(t, "icinga2.conf", append(shippedIcinga(t), generated, notify)...)
	s.Validate(t, config)
	s.Start(t, config, "checkin-gateway")

	// Each Service is under its host, with what services.json and the flags say.
	checkins := `service.vars.checkin_gateway_host == "checkin-gateway"`
	gatewayVars := map[string]any{"checkin_url": g.URL, "checkin_protocol": "https", "checkin_host": "127.0.0.1",
		"checkin_port": float64(portOf(t, g.URL)), "checkin_ca_file": ca.CertFile, "checkin_gateway_host": "checkin-gateway"}
	withVars := func(service string, more map[string]any) map[string]any {
		vars := map[string]any{"checkin_service": service}
		for k, v := range gatewayVars {
			vars[k] = v
		}
		for k, v := range more {
			vars[k] = v
		}
		return vars
	}
	want := map[string]serviceAttrs{
		"backup-srv!backup": {Host: "backup-srv", DisplayName: "Nightly backup", Groups: []string{"backups"},
			NotesURL: g.URL + "/status/backup",
			Vars:     withVars("backup", map[string]any{"team": "ops", "prio": float64(2), "paged": true, "os": []any{"debian", float64(12)}})},
		"laptop-1!laptop update": {Host: "laptop-1", DisplayName: "Laptop update", Groups: []string{"laptops", "backups"},
			NotesURL: g.URL + "/status/laptop%20update", Vars: withVars("laptop update", nil)},
		"checkin-gateway!failing": {Host: "checkin-gateway", DisplayName: "failing", Groups: []string{},
			NotesURL: g.URL + "/status/failing", Vars: withVars("failing", nil)},
		"checkin-gateway!selftest": {Host: "checkin-gateway", DisplayName: "selftest", Groups: []string{},
			NotesURL: g.URL + "/status/selftest", Vars: withVars("selftest", nil)},
	}
	got := icingatest.Objects[serviceAttrs](t, s, "Service", checkins, "host_name", "display_name", "groups", "notes_url", "vars")
	if diff := cmp.Diff(want, got); diff != "" {
		s.Errorf(t, "check-in Services in Icinga (-want +got):\n%s", diff)
	}
	for name, svc := range got {
		resp, err := client.Get(svc.NotesURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: notes_url %s answers HTTP %d; want 200", name, svc.NotesURL, resp.StatusCode)
		}
	}

	// The gateway is UP, the created hosts too, and each Service shows the gateway's state once
	// its second attempt makes it HARD. The three problems notify: notifications work.
	for name, h := range s.CheckNow(t, "Host", "true") {
		if h.State != 0 {
			s.Errorf(t, "host %s = state %d, %q; want 0 (UP)", name, h.State, h.Last.Output)
		}
	}
	s.CheckNow(t, "Service", checkins)
	wantStates := map[string]int{"backup-srv!backup": 0, "laptop-1!laptop update": 1, "checkin-gateway!failing": 2, "checkin-gateway!selftest": 3}
	for name, r := range s.CheckNow(t, "Service", checkins) {
		if r.State != wantStates[name] || !r.Hard() || !r.Reachable || !strings.HasPrefix(r.Last.Output, "CHECKIN ") {
			s.Errorf(t, "service %s = state %d (hard %v, reachable %v), %q; want %d, hard, reachable",
				name, r.State, r.Hard(), r.Reachable, r.Last.Output, wantStates[name])
		}
	}
	before := []string{"service checkin-gateway!failing PROBLEM CRITICAL", "service checkin-gateway!selftest PROBLEM UNKNOWN",
		"service laptop-1!laptop update PROBLEM WARNING"}
	s.WaitFor(t, 30*time.Second, "notifications for the three problem services", func() bool {
		return len(icingatest.Notifications(t, notified, "service")) >= len(before)
	})
	if diff := cmp.Diff(before, icingatest.Notifications(t, notified, "service")); diff != "" {
		s.Errorf(t, "service notifications while the gateway is up (-want +got):\n%s", diff)
	}

	// The gateway stops. The first service to notice (its check comes first) fails SOFT, and
	// Icinga re-checks its parent, the gateway's Host, at once.
	g.Signal(t, syscall.SIGKILL)
	g.Wait(t, 10*time.Second)
	stopped := float64(time.Now().UnixNano()) / 1e9
	first := s.CheckNow(t, "Service", `service.name == "backup"`)["backup-srv!backup"]
	if first.State != 3 || first.Hard() {
		s.Errorf(t, "backup after the stop = state %d (hard %v), %q; want 3 (UNKNOWN), soft", first.State, first.Hard(), first.Last.Output)
	}
	var host icingatest.Result
	// At once when its next check is more than its retry interval (30s) away, else at that next
	// check: within about 30s either way.
	s.WaitFor(t, 60*time.Second, "Icinga's own check of the gateway's Host after a service failed", func() bool {
		host = s.Results(t, "Host", `host.name == "checkin-gateway"`)["checkin-gateway"]
		return host.Last.ExecutionEnd > stopped
	})
	if host.State != 1 {
		s.Fatalf(t, "gateway host after the stop = state %d, %q; want 1 (DOWN)", host.State, host.Last.Output)
	}
	// From now on every check-in Service is unreachable: HARD UNKNOWN without a notification,
	// also those whose state was a problem already (a change between problem states is HARD at
	// once).
	for name, r := range s.CheckNow(t, "Service", checkins) {
		if r.State != 3 || !r.Hard() || r.Reachable || !strings.Contains(r.Last.Output, "cannot reach the gateway") {
			s.Errorf(t, "service %s after the stop = state %d (hard %v, reachable %v), %q; want 3 (UNKNOWN), hard, unreachable",
				name, r.State, r.Hard(), r.Reachable, r.Last.Output)
		}
	}
	// The gateway's Host turns HARD DOWN on its third attempt and notifies: the one alert.
	s.WaitFor(t, 60*time.Second, "a HARD DOWN gateway host", func() bool {
		return s.CheckNow(t, "Host", `host.name == "checkin-gateway"`)["checkin-gateway"].Hard()
	})
	s.WaitFor(t, 30*time.Second, "the gateway host's notification", func() bool {
		return len(icingatest.Notifications(t, notified, "host")) > 0
	})
	if diff := cmp.Diff([]string{"host checkin-gateway PROBLEM DOWN"}, icingatest.Notifications(t, notified, "host")); diff != "" {
		s.Errorf(t, "host notifications (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, icingatest.Notifications(t, notified, "service")); diff != "" {
		s.Errorf(t, "service notifications after the gateway stopped; want none new (-before +now):\n%s", diff)
	}
}

// portOf is the port of a URL like https://127.0.0.1:5443.
func portOf(t *testing.T, raw string) int {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatalf("port of %s: %v", raw, err)
	}
	return port
}
