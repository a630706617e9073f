package deploytest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every deploy/ file the README names exists, so "Deploy in ten minutes" follows the real files.
func TestREADMENamesRealFiles(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "\n## Deploy in ten minutes\n") {
		t.Fatal(`README.md has no "## Deploy in ten minutes" section`)
	}
	paths := regexp.MustCompile(`\bdeploy/[A-Za-z0-9_.@*/-]*[A-Za-z0-9_*]`).FindAllString(string(readme), -1)
	if len(paths) < 5 {
		t.Errorf("README names %d deploy/ files; want the deploy kit described", len(paths))
	}
	for _, p := range paths {
		m, err := filepath.Glob(filepath.Join(root, p))
		if err != nil || len(m) == 0 {
			t.Errorf("README names %s, which does not exist", p)
		}
	}
	for _, unit := range []string{"checkin-ok@.service", "checkin-critical@.service", "nightly-backup.service", "nightly-backup.timer"} {
		if _, err := os.Stat(filepath.Join(root, "deploy", "clients", "systemd", unit)); err != nil {
			t.Errorf("README's systemd recipe needs %v", err)
		}
	}
}
