package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// icinga is a self-contained Icinga 2 in a temp dir: its own paths, certificate and API port
// on 127.0.0.1. See the project's Icinga sandbox notes for why each step is there.
type icinga struct {
	binary    string
	dir       string
	pluginDir string
	apiPort   int
	api       *http.Client
	password  string
}

func newIcinga(t *testing.T, binary string) *icinga {
	t.Helper()
	openssl := needTool(t, "openssl")
	ic := &icinga{binary: binary, dir: t.TempDir(), apiPort: checkintest.FreePort(t), password: "checkin-test"}
	ic.pluginDir = filepath.Join(ic.dir, "plugins")
	for _, sub := range []string{"etc", "lib/certs", "log", "cache", "spool", "run", "etc/zones.d", "plugins"} {
		if err := os.MkdirAll(filepath.Join(ic.dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The API's certificate: a self-signed EC one for CN=localhost (= NodeName), also its CA.
	certs := filepath.Join(ic.dir, "lib/certs")
	out, err := exec.Command(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
		"-keyout", filepath.Join(certs, "localhost.key"), "-out", filepath.Join(certs, "localhost.crt")).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	crt, err := os.ReadFile(filepath.Join(certs, "localhost.crt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(certs, "ca.crt"), crt, 0o644); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(crt)
	ic.api = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	t.Cleanup(ic.api.CloseIdleConnections)
	return ic
}

// writeConfig writes a main config file that sets up the sandbox node and then includes files.
func (ic *icinga) writeConfig(t *testing.T, name string, includes ...string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "const PluginDir = %q\nconst NodeName = \"localhost\"\nconst ZoneName = NodeName\n", ic.pluginDir)
	b.WriteString("include <itl>\ninclude <plugins>\n")
	b.WriteString("object CheckerComponent \"checker\" {}\nobject Endpoint NodeName {}\n")
	b.WriteString("object Zone ZoneName { endpoints = [ NodeName ] }\n")
	fmt.Fprintf(&b, "object ApiListener \"api\" { bind_host = \"127.0.0.1\"; bind_port = %d }\n", ic.apiPort)
	fmt.Fprintf(&b, "object ApiUser \"test\" { password = %q; permissions = [ \"*\" ] }\n", ic.password)
	for _, inc := range includes {
		fmt.Fprintf(&b, "include %q\n", inc)
	}
	path := filepath.Join(ic.dir, "etc", name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// command runs icinga2 daemon with the sandbox's paths; extra goes before them.
func (ic *icinga) command(config string, extra ...string) *exec.Cmd {
	args := append([]string{"daemon", "-c", config}, extra...)
	for _, d := range []struct{ name, sub string }{
		{"ConfigDir", "etc"}, {"DataDir", "lib"}, {"LogDir", "log"}, {"CacheDir", "cache"},
		{"SpoolDir", "spool"}, {"InitRunDir", "run"}, {"ZonesDir", "etc/zones.d"},
	} {
		args = append(args, "-D"+d.name+"="+filepath.Join(ic.dir, d.sub))
	}
	cmd := exec.Command(ic.binary, args...)
	// A clean environment: the plugin inherits it, and no CHECKIN_* variable of the test's
	// own environment may change what it does.
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"}
	if os.Geteuid() == 0 {
		cmd.Env = append(cmd.Env, "ICINGA2_USER=root", "ICINGA2_GROUP=root")
	}
	return cmd
}

// validate runs icinga2 daemon -C on a config and fails the test with Icinga's words if the
// config is refused.
func (ic *icinga) validate(t *testing.T, config string) {
	t.Helper()
	out, err := ic.command(config, "-C").CombinedOutput()
	if err != nil {
		t.Fatalf("icinga2 daemon -C refused %s: %v\n%s", config, err, out)
	}
}

// start runs the daemon until the test ends and waits until the API knows host.
func (ic *icinga) start(t *testing.T, config, host string) *daemon {
	t.Helper()
	d := startDaemon(t, "icinga2", ic.command(config))
	waitFor(t, 15*time.Second, "Icinga API", d, func() bool {
		code, _, err := ic.call(http.MethodGet, "/v1/objects/hosts/"+host, "", nil)
		return err == nil && code == http.StatusOK
	})
	return d
}

// call sends one API request; with an override method the request is a POST carrying
// X-HTTP-Method-Override, as Icinga wants for queries with a body.
func (ic *icinga) call(method, path, override string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, fmt.Sprintf("https://127.0.0.1:%d%s", ic.apiPort, path), rd)
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth("test", ic.password)
	req.Header.Set("Accept", "application/json")
	if override != "" {
		req.Header.Set("X-HTTP-Method-Override", override)
	}
	resp, err := ic.api.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// checkResult is what the tests read of an object's last check.
type checkResult struct {
	Name      string
	State     int
	Hard      bool // state_type 1: Icinga acts on it (notifications) at once
	Reachable bool // false once a parent (for a service: its host) is down
	Last      struct {
		Output          string   `json:"output"`
		PerformanceData []string `json:"performance_data"`
		ExitStatus      int      `json:"exit_status"`
		Command         []string `json:"command"`
		ExecutionEnd    float64  `json:"execution_end"`
	}
}

// results reads state and last check result of objects of a type ("Host", "Service") matching
// filter.
func (ic *icinga) results(t *testing.T, typ, filter string) []checkResult {
	t.Helper()
	query := map[string]any{"filter": filter, "attrs": []string{"name", "state", "state_type", "last_reachable", "last_check_result"}}
	code, body, err := ic.call(http.MethodPost, "/v1/objects/"+strings.ToLower(typ)+"s", "GET", query)
	if err != nil || code != http.StatusOK {
		t.Fatalf("query %ss: HTTP %d, %v\n%s", typ, code, err, body)
	}
	var answer struct {
		Results []struct {
			Attrs struct {
				Name      string           `json:"name"`
				State     float64          `json:"state"`
				StateType float64          `json:"state_type"`
				Reachable bool             `json:"last_reachable"`
				Last      *json.RawMessage `json:"last_check_result"`
			} `json:"attrs"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("query %ss: %v\n%s", typ, err, body)
	}
	var out []checkResult
	for _, r := range answer.Results {
		cr := checkResult{Name: r.Attrs.Name, State: int(r.Attrs.State), Hard: r.Attrs.StateType == 1, Reachable: r.Attrs.Reachable}
		if r.Attrs.Last != nil {
			if err := json.Unmarshal(*r.Attrs.Last, &cr.Last); err != nil {
				t.Fatalf("last_check_result of %s: %v", cr.Name, err)
			}
		}
		out = append(out, cr)
	}
	return out
}

// checkNow forces a check of every object of type matching filter and waits until each has a
// result from after the request.
func (ic *icinga) checkNow(t *testing.T, d *daemon, typ, filter string) map[string]checkResult {
	t.Helper()
	since := float64(time.Now().UnixNano())/1e9 - 0.001
	req := map[string]any{"type": typ, "filter": filter, "force": true}
	if code, body, err := ic.call(http.MethodPost, "/v1/actions/reschedule-check", "", req); err != nil || code != http.StatusOK {
		t.Fatalf("reschedule %s checks: HTTP %d, %v\n%s", typ, code, err, body)
	}
	var fresh map[string]checkResult
	waitFor(t, 10*time.Second, "fresh "+typ+" check results", d, func() bool {
		fresh = map[string]checkResult{}
		all := ic.results(t, typ, filter)
		for _, r := range all {
			if r.Last.ExecutionEnd < since {
				return false
			}
			fresh[r.Name] = r
		}
		return len(all) > 0
	})
	return fresh
}
