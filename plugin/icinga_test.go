package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// The shipped Icinga config, loaded unchanged by the test.
var shippedConfig = []string{"commands.conf", "templates.conf", "services.conf", "hosts.conf"}

// Services of the test's gateway, one per state the plugin can report.
const icingaServicesJSON = `{
  "ok":               {"token": "t", "timeout": "1h"},
  "warning":          {"token": "t", "timeout": "1h"},
  "critical":         {"token": "t", "timeout": "1h"},
  "never":            {"token": "t", "timeout": "1h"},
  "with space":       {"token": "t", "timeout": 0},
  "overdue-warning":  {"token": "t", "timeout": 1, "grace": "1h"},
  "overdue-critical": {"token": "t", "timeout": 1, "grace": 1},
  "scheduled":        {"token": "t", "schedule": "0 2 1 * *", "tz": "Europe/Berlin", "timeout": "3h"},
  "scheduled-stuck":  {"token": "t", "schedule": "@daily", "timeout": "1h", "max_runtime": 1, "grace": "1h"}
}`

// The test's own objects: a gateway host on the test's port, using the shipped templates and
// apply rule. Empty vars must drop their flags.
const icingaTestObjects = `object Host "gw" {
	import "checkin-gateway-host"
	address = "127.0.0.1"
	max_check_attempts = 1
	vars.http_port = %[1]d
	vars.checkin_port = %[1]d
	vars.checkin_url = ""
	vars.checkin_ca_file = ""
	vars.checkin_services = [ "ok", "warning", "critical", "never", "with space", "overdue-warning", "overdue-critical",
		"scheduled", "scheduled-stuck" ]
}

object Host "gw-flags" {
	import "checkin-gateway-host"
	address = "127.0.0.1"
	max_check_attempts = 1
	vars.http_port = %[1]d
	vars.checkin_url = "http://127.0.0.1:%[1]d/"
	vars.checkin_protocol = "http"
	vars.checkin_timeout = 5s
	vars.checkin_ca_file = "%[2]s"
	vars.checkin_insecure = true
	vars.checkin_read_token_file = "%[3]s"
	vars.checkin_services = [ "ok" ]
}
`

// TestIcinga runs the real gateway and a real Icinga 2 that loads deploy/icinga2/*.conf
// unchanged, hosts written by hand as hosts.conf shows, and checks what Icinga shows of the
// plugin for each state, with each flag, then for a stopped gateway.
func TestIcinga(t *testing.T) {
	ic := icingatest.New(t)
	ic.LinkPlugin(t, "check_http", icingatest.SystemPlugin(t, "check_http"))
	started := time.Now()
	deploy, err := filepath.Abs("../deploy/icinga2")
	if err != nil {
		t.Fatal(err)
	}
	gatewayBin := filepath.Join(t.TempDir(), "checkin-gateway")
	buildBinaries(t, gatewayBin, filepath.Join(ic.PluginDir, "check_checkin"))
	var shipped []string
	for _, name := range shippedConfig {
		shipped = append(shipped, filepath.Join(deploy, name))
	}

	// The shipped files alone pass Icinga's validation, without a warning.
	ic.Validate(t, ic.WriteConfig(t, "shipped-only.conf", shipped...))

	port := checkintest.FreePort(t)
	gw := startGateway(t, gatewayBin, port, icingaServicesJSON)
	checkIn(t, port, "overdue-warning", "t", "OK", "done early")
	checkIn(t, port, "overdue-critical", "t", "OK", "done early")
	overdueSince := time.Now()
	checkIn(t, port, "ok", "t", "OK", "42 GB in 13 min")
	checkIn(t, port, "warning", "t", "WARNING", "disk 91% full")
	checkIn(t, port, "critical", "t", "critical", "rsync failed: exit 23\nsee /var/log/backup.log | tail")
	checkIn(t, port, "with space", "t", "OK", "")
	checkIn(t, port, "scheduled", "t", "START", "")
	checkIn(t, port, "scheduled-stuck", "t", "START", "")
	checkIn(t, port, "scheduled", "t", "OK", "42 GB")

	caFile := filepath.Join(ic.Dir, "lib/certs/ca.crt")
	tokenFile := writeFile(t, "read-token", "read-secret\n")
	objects := ic.WriteFile(t, "test-objects.conf", fmt.Sprintf(icingaTestObjects, port, caFile, tokenFile))
	config := ic.WriteConfig(t, "icinga2.conf", append(shipped, objects)...)
	ic.Validate(t, config)
	ic.Start(t, config, "gw")

	// The example host from hosts.conf got one Service per sample service (not checked here:
	// nothing in the test listens on its port 5000).
	example := mapKeys(ic.Results(t, "Service", `host.name=="checkin-gw"`))
	if want := []string{"checkin-gw!laptop-update", "checkin-gw!monthly-backup", "checkin-gw!nightly-backup"}; !slices.Equal(example, want) {
		ic.Errorf(t, "services applied to the example host = %q; want %q", example, want)
	}

	// Overdue-critical needs its report older than timeout + grace = 2 s.
	time.Sleep(time.Until(overdueSince.Add(2200 * time.Millisecond)))
	host := ic.CheckNow(t, "Host", `host.name=="gw"`)["gw"]
	if host.State != 0 || !strings.Contains(host.Last.Output, "HTTP OK") || !strings.Contains(host.Last.Output, "204") {
		ic.Errorf(t, "gateway host = state %d, %q; want 0 (UP) and check_http's HTTP OK for 204", host.State, host.Last.Output)
	}
	// The shipped Service template makes a new state HARD on the second attempt.
	ic.CheckNow(t, "Service", `host.name=="gw"`)
	services := ic.CheckNow(t, "Service", `host.name=="gw"`)
	age := `\(last report \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, \d+s ago\)`
	want := []struct {
		name, output, perf string
		state              int
	}{
		{"ok", `CHECKIN OK - ok: 42 GB in 13 min ` + age, `age=\d+s;3600;46800;0`, 0},
		{"warning", `CHECKIN WARNING - warning: disk 91% full ` + age, `age=\d+s;3600;46800;0`, 1},
		{"critical", `CHECKIN CRITICAL - critical: rsync failed: exit 23 / see /var/log/backup.log / tail ` + age, `age=\d+s;3600;46800;0`, 2},
		{"never", `CHECKIN UNKNOWN - never: never reported in`, ``, 3},
		{"with space", `CHECKIN OK - with space ` + age, `age=\d+s;;;0`, 0},
		{"overdue-warning", `CHECKIN WARNING - overdue-warning: overdue by \d+s \(timeout 1s, grace 1h\); last report OK: done early ` + age, `age=\d+s;1;3601;0`, 1},
		{"overdue-critical", `CHECKIN CRITICAL - overdue-critical: overdue by \d+s \(timeout 1s, grace 1s\); last report OK: done early ` + age, `age=\d+s;1;2;0`, 2},
		{"scheduled", `CHECKIN OK - scheduled: 42 GB ` + age, `age=\d+s;;;0 duration=\d+(\.\d+)?s;;;0`, 0},
		{"scheduled-stuck", `CHECKIN WARNING - scheduled-stuck: run started at \d{4}-\d\d-\d\d \d\d:\d\d UTC has not finished after \d+s \(max_runtime 1s, grace 1h\); never reported in`, ``, 1},
	}
	for _, w := range want {
		got, ok := services["gw!"+w.name]
		if !ok {
			ic.Errorf(t, "no service %q on host gw; have %v", w.name, mapKeys(services))
			continue
		}
		perf := strings.Join(got.Last.PerformanceData, " ")
		output := w.output
		if w.perf != "" {
			output += " " // Icinga keeps the space before " | perfdata" in the output
		}
		if got.State != w.state || !fullMatch(output, got.Last.Output) || !fullMatch(w.perf, perf) || !got.Reachable {
			ic.Errorf(t, "service %s = state %d, output %q, perfdata %q, reachable %v;\nwant %d, %s, %s, reachable",
				w.name, got.State, got.Last.Output, perf, got.Reachable, w.state, w.output, w.perf)
		}
		if !got.Hard() {
			ic.Errorf(t, "service %s is in a SOFT state after two checks; the shipped template must make it HARD", w.name)
		}
	}
	// Empty and unset vars drop their flags; the host's address and port reach the plugin.
	argv := []string(services["gw!never"].Last.Command)
	wantArgv := []string{filepath.Join(ic.PluginDir, "check_checkin"), "--host", "127.0.0.1", "--port", fmt.Sprint(port), "--service", "never"}
	if !slices.Equal(argv, wantArgv) {
		ic.Errorf(t, "Icinga ran %q; want %q", argv, wantArgv)
	}

	// Every flag reaches the plugin in a form it takes.
	flags := ic.CheckNow(t, "Service", `host.name=="gw-flags"`)["gw-flags!ok"]
	wantArgv = []string{filepath.Join(ic.PluginDir, "check_checkin"), "--ca-file", caFile, "--host", "127.0.0.1",
		"--insecure", "--protocol", "http", "--read-token-file", tokenFile, "--service", "ok", "--timeout", "5",
		"--url", fmt.Sprintf("http://127.0.0.1:%d/", port)}
	if flags.State != 0 || !slices.Equal(flags.Last.Command, wantArgv) {
		ic.Errorf(t, "service ok on gw-flags = state %d, %q, ran %q; want 0, ran %q", flags.State, flags.Last.Output, flags.Last.Command, wantArgv)
	}

	// A stopped gateway: the host is DOWN and every service UNKNOWN with one clear line. (That
	// the services are then unreachable and silent is TestIcingaGatewayOutageIsOneAlert's, in
	// gateway/deploytest.)
	gw.stop(t)
	host = ic.CheckNow(t, "Host", `host.name=="gw"`)["gw"]
	if host.State != 1 || !strings.Contains(strings.ToLower(host.Last.Output), "connection refused") {
		ic.Errorf(t, "gateway host after stop = state %d, %q; want 1 (DOWN), connection refused", host.State, host.Last.Output)
	}
	refused := fmt.Sprintf("CHECKIN UNKNOWN - cannot reach the gateway at http://127.0.0.1:%d: connection refused (is checkin-gateway running and listening there?)", port)
	for name, got := range ic.CheckNow(t, "Service", `host.name=="gw"`) {
		if got.State != 3 || got.Last.Output != refused || len(got.Last.PerformanceData) != 0 {
			ic.Errorf(t, "service %s after stop = state %d, %q, perfdata %q; want 3, %q, none",
				name, got.State, got.Last.Output, got.Last.PerformanceData, refused)
		}
	}
	t.Logf("Icinga end-to-end test took %v", time.Since(started).Round(10*time.Millisecond))
}

func fullMatch(pattern, s string) bool {
	return regexp.MustCompile(`^` + pattern + `$`).MatchString(s)
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
