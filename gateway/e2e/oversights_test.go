package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// Started with the shipped services.json, the gateway warns that its services still use sample
// tokens, and says so in a metric an alert can watch; with no service at all it warns too.
func TestStartWarnsOfOversights(t *testing.T) {
	p := startGateway(t, "../../services.json", filepath.Join(t.TempDir(), "checkins.db"))
	if code, body := get(t, p.URL+"/metrics"); code != 200 || !strings.Contains(body, "\ncheckin_config_sample_token_services 3\n") {
		t.Errorf("/metrics = %d; want checkin_config_sample_token_services 3 for the shipped services.json", code)
	}
	logs := p.Stderr.String()
	for _, name := range []string{"laptop-update", "nightly-backup", "monthly-backup"} {
		if !strings.Contains(logs, "level=WARN msg=\"service still uses a sample token") || !strings.Contains(logs, "service="+name) {
			t.Errorf("start-up log lacks a sample-token warning for %s:\n%s", name, logs)
		}
	}
	if strings.Contains(logs, "change-me") {
		t.Errorf("start-up log shows a token:\n%s", logs)
	}

	dir := t.TempDir()
	empty := filepath.Join(dir, "services.json")
	writeFile(t, empty, "{}")
	p = startGateway(t, empty, filepath.Join(dir, "checkins.db"))
	if logs := p.Stderr.String(); !strings.Contains(logs, "configures no service") {
		t.Errorf("start-up log with no services lacks a warning:\n%s", logs)
	}
}
