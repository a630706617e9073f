package deploytest

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A real Icinga 2 runs the objects icinga-config wrote for a gateway serving HTTPS with a
// private CA: the Host's /alive check is UP and each Service shows the gateway's state.
func TestIcingaRunsGeneratedObjects(t *testing.T) {
	icinga2 := checkintest.RequireTool(t, "icinga2")
	checkHTTP := "/usr/lib/nagios/plugins/check_http"
	if _, err := os.Stat(checkHTTP); err != nil {
		checkintest.SkipOrFail(t, "check_http (monitoring-plugins-basic) is not installed: %v", err)
	}
	g, ca := tlsGateway(t)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	resp, err := client.Post(g.URL+"/", "application/json",
		strings.NewReader(`{"service": "laptop", "token": "laptop-token", "status": "OK", "info": "updated"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	s := newIcingaSandbox(t, icinga2)
	// PluginDir with the check_checkin under test and the system's check_http.
	plugins := filepath.Join(s.dir, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"check_checkin": pluginBinary(t), "check_http": checkHTTP} {
		if err := os.Symlink(target, filepath.Join(plugins, name)); err != nil {
			t.Fatal(err)
		}
	}
	// The API, for forcing checks and reading results; its certificate comes from the same CA.
	cert, key := ca.Server(t, "localhost")
	certs := filepath.Join(s.dir, "lib", "certs")
	for from, to := range map[string]string{cert: "localhost.crt", key: "localhost.key", ca.CertFile: "ca.crt"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(certs, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, certs, to, string(b))
	}
	apiAddr := checkintest.FreeAddr(t)
	_, apiPort, _ := strings.Cut(apiAddr, ":")
	s.writeMain(t, plugins, `object CheckerComponent "checker" {}
object Endpoint NodeName {}
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiListener "api" { bind_host = "127.0.0.1"; bind_port = `+apiPort+` }
object ApiUser "test" { password = "test"; permissions = [ "*" ] }
`)
	writeFile(t, filepath.Join(s.dir, "etc"), "generated.conf", icingaConfig(t, "--gateway-url", g.URL, "--ca-file", ca.CertFile))

	daemon := s.start(t)
	api := &icingaAPI{url: "https://" + apiAddr, client: client}
	deadline := time.Now().Add(20 * time.Second)
	for code, _ := api.call(t, "GET", "/v1/objects/hosts/checkin-gateway", nil); code != http.StatusOK; code, _ = api.call(t, "GET", "/v1/objects/hosts/checkin-gateway", nil) {
		if time.Now().After(deadline) {
			t.Fatalf("Icinga API did not answer within 20s\n%s", daemon)
		}
		time.Sleep(50 * time.Millisecond)
	}

	since := float64(time.Now().Unix())
	for _, typ := range []string{"Host", "Service"} {
		api.call(t, "POST", "/v1/actions/reschedule-check", map[string]any{"type": typ, "filter": `host.name=="checkin-gateway"`, "force": true})
	}
	want := map[string]struct {
		state  int
		output string
	}{
		"checkin-gateway":        {0, "HTTP OK"},
		"checkin-gateway!laptop": {0, "CHECKIN OK - laptop: updated"},
		"checkin-gateway!backup": {3, "CHECKIN UNKNOWN - backup: never reported in"},
	}
	var got map[string]icingaResult
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		got = api.results(t, since)
		if len(got) == len(want) {
			break
		}
	}
	for name, w := range want {
		r, ok := got[name]
		if !ok {
			t.Errorf("%s: no fresh check result\n%s", name, daemon)
			continue
		}
		if r.state != w.state || !strings.HasPrefix(r.output, w.output) {
			t.Errorf("%s: state %d %q; want %d %q", name, r.state, r.output, w.state, w.output)
		}
	}
}

// start runs the daemon until the test ends. Its String is its log so far.
func (s *icingaSandbox) start(t *testing.T) *checkintest.SyncBuffer {
	t.Helper()
	cmd := exec.Command(s.icinga2, "daemon", "-c", filepath.Join(s.dir, "etc", "icinga2.conf"))
	cmd.Args = append(cmd.Args, s.defines()...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
		"ICINGA2_USER=" + currentUser(), "ICINGA2_GROUP=" + currentGroup()}
	log := &checkintest.SyncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	return log
}

// icingaAPI talks to the sandbox's REST API as the user "test".
type icingaAPI struct {
	url    string
	client *http.Client
}

func (a *icingaAPI) call(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("test", "test")
	req.Header.Set("Accept", "application/json")
	if method == "POST" && strings.HasPrefix(path, "/v1/objects/") {
		req.Header.Set("X-HTTP-Method-Override", "GET")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

type icingaResult struct {
	state  int
	output string
}

// results reads the host checkin and its services whose last check ended at or after since.
func (a *icingaAPI) results(t *testing.T, since float64) map[string]icingaResult {
	t.Helper()
	out := map[string]icingaResult{}
	for _, typ := range []string{"hosts", "services"} {
		code, body := a.call(t, "POST", "/v1/objects/"+typ, map[string]any{"filter": `host.name=="checkin-gateway"`, "attrs": []string{"__name", "state", "last_check_result"}})
		if code != http.StatusOK {
			continue
		}
		var answer struct {
			Results []struct {
				Attrs struct {
					Name  string  `json:"__name"`
					State float64 `json:"state"`
					Last  *struct {
						Output       string  `json:"output"`
						ExecutionEnd float64 `json:"execution_end"`
					} `json:"last_check_result"`
				} `json:"attrs"`
			} `json:"results"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			t.Fatalf("%s: %v\n%s", typ, err, body)
		}
		for _, r := range answer.Results {
			if r.Attrs.Last != nil && r.Attrs.Last.ExecutionEnd >= since {
				out[r.Attrs.Name] = icingaResult{int(r.Attrs.State), r.Attrs.Last.Output}
			}
		}
	}
	return out
}
