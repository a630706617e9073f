package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// readmeCurls returns the curl commands in README.md that talk to the gateway on
// 127.0.0.1:5000, with continuation lines joined.
func readmeCurls(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "curl ") {
			continue
		}
		cmd := line
		for strings.HasSuffix(cmd, "\\") && i+1 < len(lines) {
			i++
			cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[i])
		}
		if strings.Contains(cmd, "127.0.0.1:5000") {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// Every curl example in the README works as written against a gateway started the way
// `make run` starts it (the sample services.json), only on another port.
func TestREADMECurlExamples(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	cmds := readmeCurls(t)
	if len(cmds) < 5 {
		t.Fatalf("found %d curl examples in README.md; want at least 5", len(cmds))
	}
	p := startGateway(t, "../services.json", filepath.Join(t.TempDir(), "checkins.db"))
	httpCode := regexp.MustCompile(`(?m)^[0-9]{3}$`)
	for _, cmd := range cmds {
		cmd = strings.ReplaceAll(cmd, "127.0.0.1:5000", p.Addr)
		out, err := exec.Command("sh", "-c", cmd+" --fail-with-body --max-time 5").CombinedOutput()
		if err != nil {
			t.Errorf("README example failed: %s\n%v\n%s", cmd, err, out)
			continue
		}
		if m := httpCode.Find(out); m != nil && m[0] != '2' {
			t.Errorf("README example answered %s: %s\n%s", m, cmd, out)
		}
	}
}
