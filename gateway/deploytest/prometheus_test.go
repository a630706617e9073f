package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestPrometheusFiles runs promtool over deploy/prometheus: the scrape config (which loads the
// rules), the rules, and the rules' unit tests, and checks that every alert has a unit test.
func TestPrometheusFiles(t *testing.T) {
	promtool := requireTool(t, "promtool")
	dir := filepath.Join(repoRoot(t), "deploy", "prometheus")
	for _, args := range [][]string{
		{"check", "config", "scrape.yml"},
		{"check", "rules", "alerts.yml"},
		{"test", "rules", "alerts_test.yml"},
	} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}

	rules, err := os.ReadFile(filepath.Join(dir, "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile(filepath.Join(dir, "alerts_test.yml"))
	if err != nil {
		t.Fatal(err)
	}
	alerts := regexp.MustCompile(`(?m)^\s*- alert: (\w+)$`).FindAllSubmatch(rules, -1)
	if len(alerts) < 5 {
		t.Errorf("alerts.yml has %d alerts; want at least 5", len(alerts))
	}
	for _, m := range alerts {
		// A test that expects the alert to fire names it and lists exp_labels.
		fires := regexp.MustCompile(`alertname: ` + string(m[1]) + `\n\s*exp_alerts:\n\s*- exp_labels:`)
		if !fires.Match(tests) {
			t.Errorf("alert %s has no unit test in alerts_test.yml where it fires", m[1])
		}
	}
}
