package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// maxExposure is the highest `systemd-analyze security` exposure the gateway's unit may have.
const maxExposure = 2.0

// copyUnits copies units from deploy/<from> into a temp dir, replacing each installed path in
// paths with a program that exists here, since `systemd-analyze verify` checks that ExecStart
// can run.
func copyUnits(t *testing.T, from string, paths map[string]string, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", from, name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for installed, here := range paths {
			s = strings.ReplaceAll(s, installed, here)
		}
		writeFile(t, dir, name, s)
	}
	return dir
}

// verifyUnits runs `systemd-analyze verify` in dir and fails on any complaint.
func verifyUnits(t *testing.T, analyze, dir string, units ...string) {
	t.Helper()
	cmd := exec.Command(analyze, append([]string{"verify"}, units...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify %s: %v\n%s", strings.Join(units, " "), err, out)
	}
}

func TestGatewayUnit(t *testing.T) {
	analyze := checkintest.RequireTool(t, "systemd-analyze")
	unit := "checkin-gateway.service"
	dir := copyUnits(t, "systemd", map[string]string{
		"/usr/local/bin/checkin-gateway": gatewaytest.Binary(t),
	}, unit)
	verifyUnits(t, analyze, dir, unit)

	out, err := exec.Command(analyze, "security", "--offline=true", filepath.Join(dir, unit)).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Overall exposure level for \S+: (\d+\.\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in systemd-analyze security output:\n%s", out)
	}
	exposure, _ := strconv.ParseFloat(string(m[1]), 64)
	if exposure > maxExposure {
		t.Errorf("exposure = %.1f; want at most %.1f\n%s", exposure, maxExposure, out)
	}
	t.Logf("exposure %.1f", exposure)
}

func TestGatewayUnitSettings(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "systemd", "checkin-gateway.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{
		"\nUser=checkin-gateway\n",
		"\nStateDirectory=checkin-gateway\n",
		"\nConfigurationDirectory=checkin-gateway\n",
		"\nReadOnlyPaths=/etc/checkin-gateway\n",
		"\nEnvironment=CHECKIN_DB=/var/lib/checkin-gateway/checkins.db\n",
		"\nEnvironment=CHECKIN_CONFIG=/etc/checkin-gateway/services.json\n",
		"\nEnvironment=MALLOC_ARENA_MAX=2\n",
		// check-config first: a broken services.json fails the reload before any SIGHUP.
		"\nExecReload=/usr/local/bin/checkin-gateway check-config\nExecReload=/bin/kill -HUP $MAINPID\n",
		"\nRestart=on-failure\n",
		"\nProtectSystem=strict\n",
		"\nNoNewPrivileges=yes\n",
		"\nPrivateTmp=yes\n",
		"\nRestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX\n",
		"\nSystemCallFilter=@system-service\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("checkin-gateway.service lacks %q", strings.TrimSpace(want))
		}
	}
	sysusers, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "systemd", "checkin-gateway.sysusers"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^u checkin-gateway `).Match(sysusers) {
		t.Errorf("checkin-gateway.sysusers does not create the user checkin-gateway:\n%s", sysusers)
	}
}

func TestBackupUnits(t *testing.T) {
	analyze := checkintest.RequireTool(t, "systemd-analyze")
	units := []string{"nightly-backup.service", "nightly-backup.timer", "checkin-ok@.service", "checkin-critical@.service"}
	dir := copyUnits(t, filepath.Join("clients", "systemd"), map[string]string{
		"/usr/local/bin/checkin-run":     filepath.Join(repoRoot(t), "deploy", "clients", "checkin-run"),
		"/usr/local/sbin/nightly-backup": checkintest.RequireTool(t, "true"),
	}, units...)
	// Instances of the templates, as OnSuccess=/OnFailure= start them.
	verifyUnits(t, analyze, dir, append(units, "checkin-ok@nightly-backup.service", "checkin-critical@nightly-backup.service")...)

	b, err := os.ReadFile(filepath.Join(dir, "nightly-backup.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OnSuccess=checkin-ok@nightly-backup.service", "OnFailure=checkin-critical@nightly-backup.service"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("nightly-backup.service lacks %s", want)
		}
	}
}

// execStart is the command line of a unit's ExecStart= as systemd would pass it for instance:
// continuation lines joined, %I replaced, $$ unescaped. The quoting of the result is sh's.
func execStart(t *testing.T, unit, instance string) string {
	t.Helper()
	b, err := os.ReadFile(unit)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	m := regexp.MustCompile(`(?m)^ExecStart=(.*)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("%s has no ExecStart=", unit)
	}
	return strings.NewReplacer("%I", instance, "$$", "$").Replace(m[1])
}

// The OnSuccess=/OnFailure= templates' commands check in the job's service with its journal
// lines and, on failure, its result. journalctl is a stand-in printing what it was asked.
func TestBackupUnitsCheckIn(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	g := startGateway(t, `{"nightly-backup": {"token": "backup-token", "timeout": "1d"}}`, nil)
	root := repoRoot(t)
	fakeBin := t.TempDir()
	writeFile(t, fakeBin, "journalctl", "#!/bin/sh\necho \"backup log line\"\necho \"journalctl $*\"\n")
	if err := os.Chmod(filepath.Join(fakeBin, "journalctl"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		unit       string
		wantStatus string
		wantInfo   string
	}{
		{"checkin-ok@.service", "OK", "nightly-backup.service succeeded in Ns; last output:\nbackup log line\n" +
			"journalctl --no-pager --quiet --output=cat --lines=5 --unit=nightly-backup.service"},
		{"checkin-critical@.service", "CRITICAL", "nightly-backup.service failed with exit code 1 after Ns; last output:\n" +
			"backup log line\njournalctl --no-pager --quiet --output=cat --lines=5 --unit=nightly-backup.service\n" +
			"result: exit-code, exit status 3"},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			line := execStart(t, filepath.Join(root, "deploy", "clients", "systemd", tt.unit), "nightly-backup")
			line = strings.Replace(line, "/usr/local/bin/checkin-run", filepath.Join(root, "deploy", "clients", "checkin-run"), 1)
			cmd := exec.Command("/bin/sh", "-c", `eval "set -- $1"; exec "$@"`, "sh", line)
			cmd.Env = []string{"PATH=" + fakeBin + ":" + os.Getenv("PATH"), "CHECKIN_CONF=",
				"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=backup-token",
				"MONITOR_SERVICE_RESULT=exit-code", "MONITOR_EXIT_STATUS=3"}
			out, err := cmd.CombinedOutput()
			if err != nil && tt.wantStatus == "OK" {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			status, info := lastRun(t, g, "nightly-backup")
			if status != tt.wantStatus || info != tt.wantInfo {
				t.Errorf("stored %s %q; want %s %q\n%s", status, info, tt.wantStatus, tt.wantInfo, out)
			}
		})
	}
}
