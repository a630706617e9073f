package deploytest

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// placedServices is a services.json with services on three hosts: the gateway's own (by default
// and by name) and two others, in ServiceGroups.
const placedServices = `{
  "backup":        {"token": "backup-token", "schedule": "0 2 * * *", "tz": "Europe/Berlin", "timeout": "3h",
                    "icinga": {"host": "backup-srv", "display_name": "Nightly backup", "groups": ["backups"],
                               "vars": {"team": "ops", "prio": 2, "paged": true, "os": ["debian", 12]}}},
  "laptop update": {"token": "laptop-token", "timeout": "1d",
                    "icinga": {"host": "laptop-1", "display_name": "Laptop update", "groups": ["laptops", "backups"]}},
  "failing":       {"token": "failing-token", "timeout": "1d", "icinga": {"host": "checkin-gateway"}},
  "selftest":      {"token": "selftest-token", "timeout": "1d"}
}`

// shippedIcinga are the deploy/icinga2 files of the recommended set-up, where icinga-config
// writes the Hosts and Services (hosts.conf is the hand-written alternative).
func shippedIcinga(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, name := range []string{"commands.conf", "templates.conf", "services.conf"} {
		files = append(files, filepath.Join(repoRoot(t), "deploy", "icinga2", name))
	}
	return files
}

// icingaConfig runs `checkin-gateway icinga-config` with args on services (a services.json text).
func icingaConfig(t *testing.T, services string, args ...string) string {
	t.Helper()
	path := writeFile(t, t.TempDir(), "services.json", services)
	out, err := exec.Command(gatewaytest.Binary(t), append([]string{"icinga-config", "--config", path}, args...)...).Output()
	if err != nil {
		t.Fatalf("icinga-config %v: %v", args, err)
	}
	return string(out)
}

// adminObjects are what an admin's own configuration holds when icinga-config writes neither
// Hosts nor groups.
const adminObjects = `object Host "backup-srv" { check_command = "dummy" }
object Host "laptop-1" { check_command = "dummy" }
object ServiceGroup "backups" {}
object ServiceGroup "laptops" {}
`

// The objects icinga-config prints load into a real Icinga 2 together with the shipped files,
// without a warning: with the admin's own Hosts and groups, and with --create-hosts and
// --create-groups alone. Each Service is under its host and depends on the gateway's Host.
func TestIcingaConfigLoads(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		admin string
		// wantHost is a line of the gateway's Host object.
		wantHost []string
	}{
		{name: "the admin's hosts and groups", admin: adminObjects,
			wantHost: []string{`check_command = "http"`, `http_port = 5000`}},
		{name: "created hosts and groups", args: []string{"--create-hosts", "--create-groups",
			"--gateway-url", "https://checkin.example.org:5443/checkin/", "--ca-file", "/etc/icinga2/checkin-ca.pem"},
			wantHost: []string{`http_uri = "/checkin/alive"`, `http_ssl = true`, `http_port = 5443`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := icingatest.New(t)
			generated := s.WriteFile(t, "generated.conf", icingaConfig(t, placedServices, tt.args...))
			includes := append(shippedIcinga(t), generated)
			if tt.admin != "" {
				includes = append(includes, s.WriteFile(t, "admin.conf", tt.admin))
			}
			s.Validate(t, s.WriteConfig(t, "icinga2.conf", includes...))

			services := objectNames(s.Run(t, "object", "list", "--type", "Service"))
			want := []string{"backup-srv!backup", "checkin-gateway!failing", "checkin-gateway!selftest", "laptop-1!laptop update"}
			if diff := cmp.Diff(want, services); diff != "" {
				t.Errorf("Services in Icinga (-want +got):\n%s", diff)
			}
			var wantDeps []string
			for _, name := range want {
				wantDeps = append(wantDeps, name+"!checkin-gateway")
			}
			deps := s.Run(t, "object", "list", "--type", "Dependency")
			if diff := cmp.Diff(wantDeps, objectNames(deps)); diff != "" {
				t.Errorf("Dependencies in Icinga (-want +got):\n%s\n%s", diff, deps)
			}
			if n := strings.Count(deps, `parent_host_name = "checkin-gateway"`); n != len(want) {
				t.Errorf("%d Dependencies have the gateway's Host as parent; want %d:\n%s", n, len(want), deps)
			}
			host := s.Run(t, "object", "list", "--type", "Host", "--name", "checkin-gateway")
			for _, w := range tt.wantHost {
				if !strings.Contains(host, w) {
					t.Errorf("Host checkin-gateway lacks %s:\n%s", w, host)
				}
			}
		})
	}
}

// objectNames lists the names in `icinga2 object list` output, sorted.
func objectNames(out string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^Object '([^']*)' of type`).FindAllStringSubmatch(out, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return names
}
