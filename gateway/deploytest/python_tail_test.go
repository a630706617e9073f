package deploytest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestPythonClientReadsOnlyTheTail: checkin.py, reading its info from standard input, keeps
// only the end of it, so 300 MB of log pass through it under a 200 MB address-space limit
// (ulimit -v counts KiB in dash, bash and busybox alike) and the last 4000 bytes are sent.
func TestPythonClientReadsOnlyTheTail(t *testing.T) {
	python := checkintest.RequireTool(t, "/usr/bin/python3")
	if out, err := exec.Command(python, "-c", "import requests").CombinedOutput(); err != nil {
		checkintest.SkipOrFail(t, "python3-requests is not installed: %v %s", err, out)
	}
	sh := checkintest.RequireTool(t, "sh")
	g := startGateway(t, testServices, nil)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin.py")
	cmd := exec.Command(sh, "-c", `ulimit -v 200000 &&
		{ head -c 300000000 /dev/zero | tr '\0' x; printf '\nthe end'; } | "$0" "$1" laptop OK -`, python, script)
	cmd.Env = []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token", "PYTHONDONTWRITEBYTECODE=1"}
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("checkin.py: %v\n%s", err, last(string(out), 500))
	}
	want := strings.Repeat("x", 4000-len("\nthe end")) + "\nthe end"
	if status, info := lastCheckin(t, g, "laptop"); status != "OK" || info != want {
		t.Errorf("stored %s, %d bytes ending %q; want OK, %d bytes ending %q", status, len(info), last(info, 30), len(want), last(want, 30))
	}
}
