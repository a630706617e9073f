package deploytest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
	"github.com/checkin-gateway/checkin-gateway/shared/icingatest"
)

// icingaStepsBlock returns the one shell block of readme that sets Icinga up: the one that runs
// both `checkin-gateway icinga-config` and `icinga2 daemon -C`.
func icingaStepsBlock(readme string) (string, error) {
	var found []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], "icinga-config") && strings.Contains(m[1], "icinga2 daemon -C") {
			found = append(found, m[1])
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("found %d sh blocks running both icinga-config and icinga2 daemon -C; want 1", len(found))
	}
	return found[0], nil
}

var (
	sudoWord     = regexp.MustCompile(`\bsudo\s+`)
	absolutePath = regexp.MustCompile(`(^|[\s=])/(etc|usr|var)/`)
)

// rootedScript turns the Icinga steps of the README into a script a test can run: without sudo,
// with every absolute path under /etc, /usr and /var moved below root, and without the line that
// checks and reloads Icinga (the test runs `icinga2 daemon -C` itself).
func rootedScript(block, root string) (string, error) {
	var lines []string
	checked := false
	for _, line := range strings.Split(block, "\n") {
		if strings.Contains(line, "icinga2 daemon -C") {
			checked = true
			continue
		}
		line = sudoWord.ReplaceAllString(line, "")
		line = absolutePath.ReplaceAllString(line, "${1}"+root+"/${2}/")
		lines = append(lines, line)
	}
	if !checked {
		return "", fmt.Errorf("the steps never run icinga2 daemon -C")
	}
	return strings.Join(lines, "\n"), nil
}

func TestRootedScript(t *testing.T) {
	tests := []struct {
		name, block, want, wantErr string
	}{
		{name: "paths and sudo",
			block: "sudo install -d /etc/icinga2/conf.d/checkin\ncd /usr/local/share/x\nicinga2 daemon -C && sudo systemctl reload icinga2\n",
			want:  "install -d /R/etc/icinga2/conf.d/checkin\ncd /R/usr/local/share/x\n"},
		{name: "flags and pipes",
			block: "sudo checkin-gateway icinga-config --config=/etc/s.json \\\n  --gateway-url http://127.0.0.1:5000 | sudo tee /etc/o.conf\nsudo icinga2 daemon -C\n",
			want:  "checkin-gateway icinga-config --config=/R/etc/s.json \\\n  --gateway-url http://127.0.0.1:5000 | tee /R/etc/o.conf\n"},
		{name: "sudoedit stays", block: "sudoedit /etc/x\nicinga2 daemon -C\n", want: "sudoedit /R/etc/x\n"},
		{name: "no check", block: "sudo cp a /etc/icinga2/\n", wantErr: "never run icinga2 daemon -C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rootedScript(tt.block, "/R")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("rootedScript(%q) error = %v; want %q", tt.block, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("rootedScript(%q) = %q, %v; want %q", tt.block, got, err, tt.want)
			}
		})
	}
}

// Following the README's Icinga steps literally, after `make install` with the sample
// services.json, gives a configuration that `icinga2 daemon -C` accepts without a warning, with
// one Service per service on the gateway's Host.
func TestREADMEIcingaStepsLoad(t *testing.T) {
	s := icingatest.New(t)
	bash := checkintest.RequireTool(t, "bash")
	repo := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block, err := icingaStepsBlock(string(readme))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}

	// What `make install` leaves behind: the Icinga files under SHAREDIR and the sample
	// services.json in /etc/checkin-gateway.
	root := t.TempDir()
	shipped, err := filepath.Glob(filepath.Join(repo, "deploy", "icinga2", "*.conf"))
	if err != nil || len(shipped) == 0 {
		t.Fatalf("no deploy/icinga2/*.conf: %v", err)
	}
	for _, src := range shipped {
		copyFile(t, src, filepath.Join(root, "usr/local/share/checkin-gateway/icinga2", filepath.Base(src)))
	}
	copyFile(t, filepath.Join(repo, "services.json"), filepath.Join(root, "etc/checkin-gateway/services.json"))
	bin := t.TempDir()
	if err := os.Symlink(gatewaytest.Binary(t), filepath.Join(bin, "checkin-gateway")); err != nil {
		t.Fatal(err)
	}

	script, err := rootedScript(block, root)
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	cmd := exec.Command(bash, "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "LANG=C.UTF-8"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's Icinga steps failed: %v\n%s\nscript:\n%s", err, out, script)
	}

	// Debian's icinga2.conf reads all of conf.d (include_recursive).
	var includes []string
	err = filepath.WalkDir(filepath.Join(root, "etc/icinga2/conf.d"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".conf") {
			includes = append(includes, path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("the README's steps wrote nothing under /etc/icinga2/conf.d: %v", err)
	}
	s.Validate(t, s.WriteConfig(t, "icinga2.conf", includes...))

	var services map[string]json.RawMessage
	data, err := os.ReadFile(filepath.Join(repo, "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &services); err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range services {
		want = append(want, "checkin-gateway!"+name)
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, objectNames(s.Run(t, "object", "list", "--type", "Service"))); diff != "" {
		t.Errorf("Services in Icinga after the README's steps (-want +got):\n%s", diff)
	}
}

// copyFile copies src to dst, making dst's folder.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// exampleServices are the services docs/icinga.md describes before its icinga-config example.
const exampleServices = `{
  "laptop-update": {"token": "change-me-laptop", "timeout": "2d",
    "icinga": {"host": "laptop-1", "display_name": "Nightly update", "groups": ["laptops"], "vars": {"team": "ops"}}},
  "nightly-backup": {"token": "change-me-nightly", "timeout": "1d2h", "icinga": {"host": "backup-srv"}}
}`

// The output docs/icinga.md shows for icinga-config is what icinga-config writes.
func TestREADMEIcingaConfigExample(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "icinga.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)`icinga-config --config /etc/checkin-gateway/services.json ([^`]*)` writes:\n\n```\n(.*?)```").FindSubmatch(page)
	if m == nil {
		t.Fatal("docs/icinga.md has no example of icinga-config --config /etc/checkin-gateway/services.json ... writes:")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "services.json", exampleServices)
	out, err := exec.Command(gatewaytest.Binary(t), append([]string{"icinga-config", "--config", path}, strings.Fields(string(m[1]))...)...).Output()
	if err != nil {
		t.Fatalf("icinga-config %s: %v", m[1], err)
	}
	got := strings.ReplaceAll(string(out), path, "/etc/checkin-gateway/services.json")
	if diff := cmp.Diff(strings.Split(string(m[2]), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("docs/icinga.md's example differs from what icinga-config %s writes (-doc +got):\n%s", m[1], diff)
	}
}
