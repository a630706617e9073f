package deploytest

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestPrometheusFiles runs promtool over deploy/prometheus: the scrape config (which loads the
// rules), the rules, and the rules' unit tests, and checks that every alert has a unit test.
func TestPrometheusFiles(t *testing.T) {
	promtool := checkintest.RequireTool(t, "promtool")
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

// Every checkin_* metric alerts.yml uses is one a real gateway exports, so a renamed metric
// cannot leave an alert silently matching nothing. The gateway runs in push mode (toward an
// Icinga that is not there), so that push mode's metrics are exported too.
func TestAlertsUseExportedMetrics(t *testing.T) {
	password := writeFile(t, t.TempDir(), "icinga-password", "not-used-here")
	g := startGateway(t, testServices, nil, "--icinga-url", "https://"+checkintest.FreeAddr(t),
		"--icinga-user", "checkin", "--icinga-password-file", password, "--icinga-insecure")
	// A refused check-in, so the rejection counter has a series.
	resp, err := http.Post(g.URL+"/", "application/json",
		strings.NewReader(`{"service": "laptop", "token": "wrong", "status": "OK"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(g.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "prometheus", "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var exprs []string
	for _, m := range regexp.MustCompile(`(?m)^\s*expr: (.*)$`).FindAllStringSubmatch(string(rules), -1) {
		exprs = append(exprs, m[1])
	}
	used := regexp.MustCompile(`\bcheckin_[a-z_]+\b`).FindAllString(strings.Join(exprs, "\n"), -1)
	if len(used) < 4 {
		t.Fatalf("alerts.yml uses %d checkin_ metrics: %v", len(used), used)
	}
	for _, name := range used {
		if !strings.Contains(string(body), "\n# TYPE "+name+" ") {
			t.Errorf("alerts.yml uses %s, which the gateway does not export", name)
		}
	}
	if !strings.Contains(string(body), `checkin_checkins_rejected_total{reason="unauthorized"} 1`) {
		t.Errorf(`a wrong token did not count as reason="unauthorized":\n%s`, body)
	}
}
