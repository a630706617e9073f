package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// A read-protected gateway under a real Icinga 2: with `icinga-config --read-token-file`, every
// generated Service, on the gateway's Host and on the others, sends the token and shows the
// service's state, not UNKNOWN for HTTP 401.
func TestIcingaReadProtectedGateway(t *testing.T) {
	const readToken = "icinga-read-token-0123456789abcdef"
	s := icingatest.New(t)
	s.LinkPlugin(t, "check_http", icingatest.SystemPlugin(t, "check_http"))
	s.LinkPlugin(t, "check_checkin", pluginBinary(t))

	gatewayToken := writeFile(t, t.TempDir(), "read-token", readToken+"\n")
	g := startGateway(t, placedServices, nil, "--read-token-file", gatewayToken)
	for _, c := range []string{
		`{"service": "backup", "token": "backup-token", "status": "OK", "info": "from the test"}`,
		`{"service": "laptop update", "token": "laptop-token", "status": "WARNING", "info": "from the test"}`,
		`{"service": "failing", "token": "failing-token", "status": "CRITICAL", "info": "from the test"}`,
		`{"service": "selftest", "token": "selftest-token", "status": "OK", "info": "from the test"}`,
	} {
		postCheckin(t, g.Addr, c)
	}
	// Without the token, the plugin is refused: the protection is on.
	out, err := exec.Command(pluginBinary(t), "--url", g.URL, "--service", "backup").CombinedOutput()
	if code := exitCode(err); code != 3 || !strings.Contains(string(out), "401") {
		t.Fatalf("check_checkin without the read token: exit %d, %q; want 3 and HTTP 401", code, out)
	}

	// Icinga's own copy of the token, as docs/icinga.md says (there root:nagios 0640).
	icingaToken := filepath.Join(s.Dir, "etc", "checkin-read-token")
	if err := os.WriteFile(icingaToken, []byte(readToken+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	generated := icingaConfig(t, placedServices, "--create-hosts", "--create-groups", "--gateway-url", g.URL, "--read-token-file", icingaToken)
	if strings.Contains(generated, readToken) {
		t.Fatalf("the generated objects hold the read token itself:\n%s", generated)
	}
	config := s.WriteConfig(t, "icinga2.conf", append(shippedIcinga(t), s.WriteFile(t, "generated.conf", generated))...)
	s.Validate(t, config)
	s.Start(t, config, "checkin-gateway")

	checkins := `service.vars.checkin_gateway_host == "checkin-gateway"`
	want := map[string]int{"backup-srv!backup": 0, "laptop-1!laptop update": 1, "checkin-gateway!failing": 2, "checkin-gateway!selftest": 0}
	got := s.CheckNow(t, "Service", checkins)
	if len(got) != len(want) {
		s.Errorf(t, "checked %d Services; want %d", len(got), len(want))
	}
	for name, r := range got {
		if r.State != want[name] || !strings.HasPrefix(r.Last.Output, "CHECKIN ") || !strings.Contains(r.Last.Output, "from the test") {
			s.Errorf(t, "service %s = state %d, %q; want %d with the service's own info", name, r.State, r.Last.Output, want[name])
		}
	}
}
