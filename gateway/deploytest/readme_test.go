package deploytest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docPages reads README.md and every docs/*.md of the repository, by their names relative to it.
func docPages(t *testing.T) map[string]string {
	t.Helper()
	root := repoRoot(t)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, path := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			t.Fatal(err)
		}
		pages[rel] = string(data)
	}
	return pages
}

// deployPath is a path under deploy/ as the documentation writes it.
var deployPath = regexp.MustCompile(`\bdeploy/[A-Za-z0-9_.@*/-]*[A-Za-z0-9_*]`)

// Every deploy/ file README.md and docs/*.md name exists, so "Deploy in ten minutes" and the
// pages it links to follow the real files.
func TestREADMENamesRealFiles(t *testing.T) {
	root := repoRoot(t)
	pages := docPages(t)
	if !strings.Contains(pages["README.md"], "\n## Deploy in ten minutes\n") {
		t.Fatal(`README.md has no "## Deploy in ten minutes" section`)
	}
	if n := len(deployPath.FindAllString(pages["README.md"], -1)); n < 5 {
		t.Errorf("README.md names %d deploy/ files; want the deploy kit described", n)
	}
	for name, text := range pages {
		for _, p := range deployPath.FindAllString(text, -1) {
			m, err := filepath.Glob(filepath.Join(root, p))
			if err != nil || len(m) == 0 {
				t.Errorf("%s names %s, which does not exist", name, p)
			}
		}
	}
	for _, unit := range []string{"checkin-ok@.service", "checkin-critical@.service", "nightly-backup.service", "nightly-backup.timer"} {
		if _, err := os.Stat(filepath.Join(root, "deploy", "clients", "systemd", unit)); err != nil {
			t.Errorf("the systemd recipe of docs/clients.md needs %v", err)
		}
	}
}
