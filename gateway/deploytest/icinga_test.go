package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// icingaSandbox is a self-contained Icinga 2 configuration in a temp dir: the shipped
// deploy/icinga2/*.conf in etc/checkin/ and whatever the test writes to etc/generated.conf.
type icingaSandbox struct {
	icinga2, dir string
}

func newIcingaSandbox(t *testing.T, icinga2 string) *icingaSandbox {
	t.Helper()
	s := &icingaSandbox{icinga2: icinga2, dir: t.TempDir()}
	for _, d := range []string{"etc/checkin", "lib", "log", "cache", "spool", "run"} {
		if err := os.MkdirAll(filepath.Join(s.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	confs, err := filepath.Glob(filepath.Join(repoRoot(t), "deploy", "icinga2", "*.conf"))
	if err != nil || len(confs) == 0 {
		t.Fatalf("no deploy/icinga2/*.conf to load (%v)", err)
	}
	for _, c := range confs {
		b, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(s.dir, "etc", "checkin"), filepath.Base(c), string(b))
	}
	s.writeMain(t, "/usr/lib/nagios/plugins", "")
	return s
}

// writeMain writes etc/icinga2.conf: the node, the shipped files, generated.conf, and extra.
func (s *icingaSandbox) writeMain(t *testing.T, pluginDir, extra string) {
	t.Helper()
	writeFile(t, filepath.Join(s.dir, "etc"), "icinga2.conf", `const PluginDir = "`+pluginDir+`"
const NodeName = "localhost"
const ZoneName = NodeName
include <itl>
include <plugins>
include "checkin/*.conf"
include "generated.conf"
`+extra)
}

// defines are the -D flags that keep icinga2 inside the sandbox.
func (s *icingaSandbox) defines() []string {
	d := func(k, v string) string { return "-D" + k + "=" + filepath.Join(s.dir, v) }
	return []string{d("ConfigDir", "etc"), d("DataDir", "lib"), d("LogDir", "log"), d("CacheDir", "cache"),
		d("SpoolDir", "spool"), d("InitRunDir", "run"), d("ZonesDir", "etc/zones.d")}
}

// run runs icinga2 with the sandbox's paths.
func (s *icingaSandbox) run(args ...string) ([]byte, error) {
	args = append(args, s.defines()...)
	cmd := exec.Command(s.icinga2, args...)
	cmd.Env = append(os.Environ(), "ICINGA2_USER="+currentUser(), "ICINGA2_GROUP="+currentGroup())
	return cmd.CombinedOutput()
}

func currentUser() string {
	out, _ := exec.Command("id", "-un").Output()
	return strings.TrimSpace(string(out))
}

func currentGroup() string {
	out, _ := exec.Command("id", "-gn").Output()
	return strings.TrimSpace(string(out))
}

// icingaConfig runs `checkin-gateway icinga-config` with args on the test services.
func icingaConfig(t *testing.T, args ...string) string {
	t.Helper()
	services := writeFile(t, t.TempDir(), "services.json", testServices)
	cmd := exec.Command(gatewaytest.Binary(t),
		append([]string{"icinga-config", "--config", services}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("icinga-config %v: %v", args, err)
	}
	return string(out)
}

// The objects icinga-config prints load into a real Icinga 2 together with the shipped
// deploy/icinga2/*.conf, and give exactly one Service per configured service.
func TestIcingaConfigLoads(t *testing.T) {
	icinga2 := checkintest.RequireTool(t, "icinga2")
	s := newIcingaSandbox(t, icinga2)
	generated := icingaConfig(t) + "\n" +
		icingaConfig(t, "--host-name", "gw-tls", "--gateway-url", "https://checkin.example.org:5443/checkin/")
	writeFile(t, filepath.Join(s.dir, "etc"), "generated.conf", generated)

	if out, err := s.run("daemon", "-C", "-c", filepath.Join(s.dir, "etc", "icinga2.conf")); err != nil {
		t.Fatalf("icinga2 daemon -C: %v\n%s\ngenerated.conf:\n%s", err, out, generated)
	}
	out, err := s.run("object", "list", "--type", "Service")
	if err != nil {
		t.Fatalf("icinga2 object list: %v\n%s", err, out)
	}
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^Object '((?:checkin-gateway|gw-tls)![^']*)' of type 'Service':`).FindAllStringSubmatch(string(out), -1) {
		got = append(got, m[1])
	}
	sort.Strings(got)
	want := []string{"checkin-gateway!backup", "checkin-gateway!laptop", "gw-tls!backup", "gw-tls!laptop"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("services in Icinga (-want +got):\n%s\n%s", diff, out)
	}

	for name, wants := range map[string][]string{
		"checkin-gateway!laptop": {`check_command = "checkin"`, `checkin_url = "http://127.0.0.1:5000"`, `checkin_service = "laptop"`},
		"gw-tls!backup":          {`check_command = "checkin"`, `checkin_url = "https://checkin.example.org:5443/checkin"`, `checkin_port = 5443`},
	} {
		out, err := s.run("object", "list", "--type", "Service", "--name", name)
		if err != nil {
			t.Fatalf("icinga2 object list --name %s: %v\n%s", name, err, out)
		}
		for _, w := range wants {
			if !strings.Contains(string(out), w) {
				t.Errorf("Service %s lacks %s:\n%s", name, w, out)
			}
		}
	}
	out, err = s.run("object", "list", "--type", "Host", "--name", "gw-tls")
	if err != nil {
		t.Fatalf("icinga2 object list --name gw-tls: %v\n%s", err, out)
	}
	for _, w := range []string{`check_command = "http"`, `http_uri = "/checkin/alive"`, `http_ssl = true`, `http_port = 5443`} {
		if !strings.Contains(string(out), w) {
			t.Errorf("Host gw-tls lacks %s:\n%s", w, out)
		}
	}
}
