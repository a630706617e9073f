package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const testVersion = "1.2.3-test"

// runMake runs make in dir with args and fails the test on error.
func runMake(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("make", append([]string{"--no-print-directory"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// wantFile checks that path exists with mode perm and returns its content.
func wantFile(t *testing.T, path string, perm os.FileMode) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("not installed: %v", err)
		return ""
	}
	if fi.Mode().Perm() != perm {
		t.Errorf("%s has mode %v; want %v", path, fi.Mode().Perm(), perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// installed checks a `make install` tree under destdir for the default layout with prefix.
func checkInstalled(t *testing.T, destdir, prefix string) {
	t.Helper()
	root := repoRoot(t)
	gw := filepath.Join(destdir, prefix, "bin", "checkin-gateway")
	wantFile(t, gw, 0o755)
	wantFile(t, filepath.Join(destdir, prefix, "bin", "checkin-run"), 0o755)
	wantFile(t, filepath.Join(destdir, prefix, "bin", "checkin-ping"), 0o755)
	wantFile(t, filepath.Join(destdir, "usr/lib/nagios/plugins/check_checkin"), 0o755)
	unit := wantFile(t, filepath.Join(destdir, prefix, "lib/systemd/system/checkin-gateway.service"), 0o644)
	for _, want := range []string{
		"\nExecStart=" + prefix + "/bin/checkin-gateway serve\n",
		"\nExecReload=" + prefix + "/bin/checkin-gateway check-config\n",
		"\nDocumentation=file://" + prefix + "/share/checkin-gateway/README.md\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("installed unit lacks %q", strings.TrimSpace(want))
		}
	}
	wantFile(t, filepath.Join(destdir, prefix, "lib/sysusers.d/checkin-gateway.conf"), 0o644)
	share := filepath.Join(destdir, prefix, "share/checkin-gateway")
	for _, f := range []string{"README.md", "docs/configuration.md", "docs/status-page.png", "prometheus/scrape.yml", "prometheus/alerts.yml", "clients/checkin.py", "clients/systemd/checkin-ok@.service", "../../bin/checkin-ping"} {
		if _, err := os.Stat(filepath.Join(share, f)); err != nil {
			t.Errorf("not installed: %v", err)
		}
	}
	confs, _ := filepath.Glob(filepath.Join(root, "deploy/icinga2/*.conf"))
	if len(confs) == 0 {
		t.Errorf("deploy/icinga2 has no .conf files")
	}
	for _, c := range confs {
		wantFile(t, filepath.Join(share, "icinga2", filepath.Base(c)), 0o644)
	}
	sample, err := os.ReadFile(filepath.Join(root, "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := wantFile(t, filepath.Join(destdir, "etc/checkin-gateway/services.json"), 0o640); got != string(sample) {
		t.Errorf("installed services.json differs from the sample")
	}
	for bin, want := range map[string]string{
		gw: testVersion,
		filepath.Join(destdir, "usr/lib/nagios/plugins/check_checkin"): "check_checkin " + testVersion,
	} {
		out, err := exec.Command(bin, "--version").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("%s --version = %q, %v; want %q", filepath.Base(bin), out, err, want)
		}
	}
}

func TestMakeInstall(t *testing.T) {
	skipShort(t)
	checkintest.RequireTool(t, "make")
	root := repoRoot(t)
	tmp := t.TempDir()
	bin := "BIN=" + filepath.Join(tmp, "bin")
	destdir := filepath.Join(tmp, "root")
	runMake(t, root, "install", "DESTDIR="+destdir, "VERSION="+testVersion, bin)
	checkInstalled(t, destdir, "/usr/local")
	for _, p := range unitProgramProblems(t, destdir) {
		t.Errorf("make install: %s", p)
	}

	// A second install keeps the operator's services.json.
	live := filepath.Join(destdir, "etc/checkin-gateway/services.json")
	writeFile(t, filepath.Dir(live), "services.json", `{"mine": {"token": "x", "timeout": 1}}`)
	out := runMake(t, root, "install", "DESTDIR="+destdir, "VERSION="+testVersion, bin)
	if b, _ := os.ReadFile(live); string(b) != `{"mine": {"token": "x", "timeout": 1}}` {
		t.Errorf("a second make install replaced services.json:\n%s", out)
	}
	if !strings.Contains(out, "keeping the existing") {
		t.Errorf("make install does not say it kept services.json:\n%s", out)
	}

	// Other directories, as a package build would choose them.
	other := filepath.Join(tmp, "other")
	runMake(t, root, "install", "DESTDIR="+other, "VERSION="+testVersion, bin,
		"PREFIX=/usr", "PLUGINDIR=/usr/lib64/nagios/plugins", "SYSTEMDDIR=/etc/systemd/system", "ICINGA2DIR=/etc/icinga2/conf.d/checkin")
	unit := wantFile(t, filepath.Join(other, "etc/systemd/system/checkin-gateway.service"), 0o644)
	if !strings.Contains(unit, "\nExecStart=/usr/bin/checkin-gateway serve\n") {
		t.Errorf("unit installed with PREFIX=/usr does not start /usr/bin/checkin-gateway")
	}
	wantFile(t, filepath.Join(other, "usr/lib64/nagios/plugins/check_checkin"), 0o755)
	for _, p := range unitProgramProblems(t, other) {
		t.Errorf("make install PREFIX=/usr: %s", p)
	}
	if m, _ := filepath.Glob(filepath.Join(other, "etc/icinga2/conf.d/checkin/*.conf")); len(m) == 0 {
		t.Errorf("ICINGA2DIR=/etc/icinga2/conf.d/checkin got no .conf files")
	}
}

// make dist makes a versioned tarball per architecture from which `make install` works without Go.
func TestMakeDist(t *testing.T) {
	tar := checkintest.RequireTool(t, "tar")
	r := dist(t)
	for _, arch := range []string{"amd64", "arm64"} {
		t.Run(arch, func(t *testing.T) {
			r.binary(t, arch, "checkin-gateway") // skips when arch was not built
			name := "checkin-gateway-" + testVersion + "-linux-" + arch
			tarball := r.tarball(arch)
			out, err := exec.Command(tar, "-tzf", tarball).CombinedOutput()
			if err != nil {
				t.Fatalf("tar -tzf %s: %v\n%s", tarball, err, out)
			}
			list := "\n" + string(out)
			for _, want := range []string{"bin/checkin-gateway", "bin/check_checkin", "README.md", "services.json", "Makefile",
				"docs/install.md", "deploy/systemd/checkin-gateway.service", "deploy/prometheus/alerts.yml", "deploy/clients/checkin-run"} {
				if !strings.Contains(list, "\n"+name+"/"+want+"\n") {
					t.Errorf("tarball lacks %s/%s; it has:%s", name, want, list)
				}
			}
			if strings.Contains(list, "/gateway/") || strings.Contains(list, ".go\n") || strings.Contains(list, "/packaging/") {
				t.Errorf("tarball holds sources or packaging files:%s", list)
			}
			if arch != runtime.GOARCH {
				return
			}
			unpacked := filepath.Join(t.TempDir(), "unpacked")
			if err := os.Mkdir(unpacked, 0o755); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(tar, "-xzf", tarball, "-C", unpacked).CombinedOutput(); err != nil {
				t.Fatalf("unpack: %v\n%s", err, out)
			}
			destdir := filepath.Join(t.TempDir(), "root")
			runMake(t, filepath.Join(unpacked, name), "install", "DESTDIR="+destdir, "GO=false")
			checkInstalled(t, destdir, "/usr/local")
		})
	}
}
