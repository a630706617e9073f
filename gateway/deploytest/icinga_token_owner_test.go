package deploytest

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// docs/icinga.md's advice for Icinga's copy of the read token, run as the user Icinga runs the
// plugin as (nagios): root:nagios 0640 works; a root-only 0600 file gives "permission denied".
func TestReadTokenFileForNagios(t *testing.T) {
	if os.Geteuid() != 0 {
		checkintest.SkipOrFail(t, "needs root to run the plugin as nagios")
	}
	nagios, err := user.Lookup("nagios")
	if err != nil {
		checkintest.SkipOrFail(t, "no user nagios (Debian's icinga2 and monitoring-plugins make it): %v", err)
	}
	uid, _ := strconv.Atoi(nagios.Uid)
	gid, _ := strconv.Atoi(nagios.Gid)
	const readToken = "icinga-read-token-0123456789abcdef"
	g := startGateway(t, testServices, nil, "--read-token-file", writeFile(t, t.TempDir(), "read-token", readToken+"\n"))
	postCheckin(t, g.Addr, `{"service": "laptop", "token": "laptop-token", "status": "OK", "info": "fine"}`)

	// The plugin and the token files where nagios may reach them: test folders it may enter.
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o711); err != nil {
			t.Fatal(err)
		}
	}
	plugin := filepath.Join(dir, "check_checkin")
	b, err := os.ReadFile(pluginBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plugin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		perm     os.FileMode
		group    int
		wantCode int
		wantOut  string
	}{
		{"root:nagios 0640", 0o640, gid, 0, "CHECKIN OK - laptop: fine"},
		{"root:root 0600", 0o600, 0, 3, "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.WriteFile(token, []byte(readToken+"\n"), tt.perm); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(token, tt.perm); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(token, 0, tt.group); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(plugin, "--url", g.URL, "--service", "laptop", "--read-token-file", token)
			cmd.Env = []string{}
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
			out, err := cmd.CombinedOutput()
			if code := exitCode(err); code != tt.wantCode || !strings.Contains(string(out), tt.wantOut) {
				t.Errorf("check_checkin as nagios with a %s token file: exit %d, %q; want %d and %q", tt.name, code, out, tt.wantCode, tt.wantOut)
			}
		})
	}
}
