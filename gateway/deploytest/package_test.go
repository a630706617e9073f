package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// makePackage runs `make deb` or `make rpm` for this machine's architecture into the release
// build's folder (reusing its static binaries) and returns the package's path.
func makePackage(t *testing.T, kind string) string {
	t.Helper()
	r := dist(t)
	runMake(t, repoRoot(t), kind, "DISTDIR="+r.dir, "VERSION="+testVersion, "ARCH="+runtime.GOARCH, "CC_"+runtime.GOARCH+"=gcc")
	pattern := map[string]string{"deb": "checkin-gateway_*_" + runtime.GOARCH + ".deb", "rpm": "checkin-gateway-*.rpm"}[kind]
	m, _ := filepath.Glob(filepath.Join(r.dir, pattern))
	if len(m) != 1 {
		t.Fatalf("make %s made %v; want one file %s", kind, m, pattern)
	}
	return m[0]
}

// packageFiles are installed by both packages; the plugin's folder differs.
var packageFiles = []string{
	"/usr/bin/checkin-gateway", "/usr/bin/checkin-run", "/usr/bin/checkin-ping",
	"/usr/lib/systemd/system/checkin-gateway.service", "/usr/lib/sysusers.d/checkin-gateway.conf",
	"/etc/checkin-gateway/services.json",
	"/usr/share/checkin-gateway/icinga2/commands.conf", "/usr/share/checkin-gateway/prometheus/alerts.yml",
	"/usr/share/checkin-gateway/clients/checkin.py", "/usr/share/doc/checkin-gateway/README.md",
}

// The .deb, installed with dpkg into a throwaway root (see throwawayRoot; the host is never
// touched, which hostMustNotChange checks): postinst creates the service user, who can read
// services.json; the unit passes systemd-analyze verify; nothing is started or enabled; the
// installed gateway serves as that user; a reinstall keeps a changed services.json; `dpkg -r`
// keeps the configuration and the database; `dpkg --purge` removes the configuration only.
func TestDebPackage(t *testing.T) {
	hostMustNotChange(t)
	dpkgDeb := checkintest.RequireTool(t, "dpkg-deb")
	checkintest.RequireTool(t, "dpkg")
	checkintest.RequireTool(t, "systemd-analyze")
	checkintest.RequireTool(t, "setpriv")
	const (
		etc = "/etc/checkin-gateway"
		lib = "/var/lib/checkin-gateway"
	)
	deb := makePackage(t, "deb")

	out, err := exec.Command(dpkgDeb, "-c", deb).CombinedOutput()
	if err != nil {
		t.Fatalf("dpkg-deb -c: %v\n%s", err, out)
	}
	for _, f := range append(packageFiles, "/usr/lib/nagios/plugins/check_checkin") {
		if !strings.Contains(string(out), " ."+f+"\n") {
			t.Errorf("the .deb lacks %s:\n%s", f, out)
		}
	}
	if conffiles, err := exec.Command(dpkgDeb, "-I", deb, "conffiles").Output(); err != nil || string(conffiles) != etc+"/services.json\n" {
		t.Errorf("conffiles = %q, %v; want only %s/services.json", conffiles, err, etc)
	}

	root := newThrowawayRoot(t)
	root.copyIn(t, deb, "/tmp/checkin-gateway.deb")
	// Packages must not start services; ours never does, policy-rc.d makes sure.
	if err := os.WriteFile(root.path("/usr/sbin/policy-rc.d"), []byte("#!/bin/sh\nexit 101\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	root.forgetPackage(t)
	if _, ok := root.lookupID(t, "passwd", "checkin-gateway"); ok {
		t.Fatal("the throwaway root still has the user checkin-gateway before the install")
	}
	root.run(t, "dpkg", "-i", "/tmp/checkin-gateway.deb")
	if log, err := os.ReadFile(root.path("/var/log/dpkg.log")); err != nil || !strings.Contains(string(log), " install checkin-gateway:") {
		t.Errorf("the throwaway root's dpkg.log does not record the install: %v\n%s", err, log)
	}

	uid, ok := root.lookupID(t, "passwd", "checkin-gateway")
	gid, _ := root.lookupID(t, "group", "checkin-gateway")
	if !ok {
		t.Fatal("postinst did not create the user checkin-gateway")
	}
	asService := []string{"setpriv", "--reuid=" + strconv.Itoa(uid), "--regid=" + strconv.Itoa(gid), "--clear-groups", "--"}
	sample, err := os.ReadFile(filepath.Join(repoRoot(t), "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantConfig(t, root.path(etc+"/services.json"), string(sample), 0o640, uint32(gid))
	if out := root.run(t, "/usr/bin/checkin-gateway", "--version"); strings.TrimSpace(out) != testVersion {
		t.Errorf("installed checkin-gateway --version = %q; want %s", out, testVersion)
	}
	if out, err := root.command("systemd-analyze", "verify", "/usr/lib/systemd/system/checkin-gateway.service").CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify of the installed unit: %v\n%s", err, out)
	}
	if _, err := os.Lstat(root.path("/etc/systemd/system/multi-user.target.wants/checkin-gateway.service")); err == nil {
		t.Errorf("installing enabled the service")
	}
	if _, err := os.Stat(root.path(lib)); err == nil {
		t.Errorf("installing created %s; the unit's StateDirectory= does that on first start", lib)
	}

	// The unit's reload check, as the service user: it can read services.json.
	root.run(t, "env", append([]string{"CHECKIN_CONFIG=" + etc + "/services.json"}, append(asService, "/usr/bin/checkin-gateway", "check-config")...)...)

	// The installed gateway, run as the unit runs it, makes the database in /var/lib.
	if err := os.Mkdir(root.path(lib), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(root.path(lib), uid, gid); err != nil {
		t.Fatal(err)
	}
	addr := checkintest.FreeAddr(t)
	serve := root.command("env", append([]string{"CHECKIN_LISTEN=" + addr, "CHECKIN_CONFIG=" + etc + "/services.json", "CHECKIN_DB=" + lib + "/checkins.db"},
		append(asService, "/usr/bin/checkin-gateway", "serve")...)...)
	p := startAndWaitAlive(t, serve, addr, 20*time.Second)
	postCheckin(t, addr, `{"service": "laptop-update", "token": "change-me-laptop", "status": "OK"}`)
	p.stop(t, 15*time.Second)

	// A reinstall keeps a changed services.json, its mode and owner included.
	mine := `{"mine": {"token": "s3cret", "timeout": "1d"}}`
	conf := root.path(etc + "/services.json")
	if err := os.WriteFile(conf, []byte(mine), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(conf, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(conf, 0, 0); err != nil {
		t.Fatal(err)
	}
	root.run(t, "dpkg", "-i", "/tmp/checkin-gateway.deb")
	wantConfig(t, conf, mine, 0o600, 0)

	root.run(t, "dpkg", "-r", "checkin-gateway")
	if _, err := os.Stat(root.path("/usr/bin/checkin-gateway")); err == nil {
		t.Errorf("dpkg -r left /usr/bin/checkin-gateway")
	}
	wantConfig(t, conf, mine, 0o600, 0)
	wantDatabase(t, root.path(lib+"/checkins.db"))

	root.run(t, "dpkg", "--purge", "checkin-gateway")
	if _, err := os.Stat(root.path(etc)); err == nil {
		t.Errorf("dpkg --purge left %s", etc)
	}
	wantDatabase(t, root.path(lib+"/checkins.db"))
}

// wantConfig checks services.json's content, mode and group.
func wantConfig(t *testing.T, path, content string, perm os.FileMode, gid uint32) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if string(b) != content {
		t.Errorf("%s holds %q; want %q", path, b, content)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != perm || fi.Sys().(*syscall.Stat_t).Gid != gid {
		t.Errorf("%s: mode %v, group %d; want %v, group %d", path, fi.Mode().Perm(), fi.Sys().(*syscall.Stat_t).Gid, perm, gid)
	}
}

func wantDatabase(t *testing.T, path string) {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("the database is gone: %v", err)
	}
}

// The .rpm holds the same files, the plugin in RHEL's PluginDir, services.json as a
// configuration file, and scripts that create the user, which run when it is installed.
func TestRPMPackage(t *testing.T) {
	rpmTool := checkintest.RequireTool(t, "rpm")
	pkg := makePackage(t, "rpm")
	query := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(rpmTool, append([]string{"-qp"}, append(args, pkg)...)...).Output()
		if err != nil {
			t.Fatalf("rpm -qp %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	wantArch := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	if got := query("--queryformat", "%{NAME} %{VERSION} %{ARCH}"); got != "checkin-gateway 1.2.3+test "+wantArch {
		t.Errorf("rpm name, version, arch = %q; want checkin-gateway 1.2.3+test %s", got, wantArch)
	}
	list := "\n" + query("--list")
	for _, f := range append(packageFiles, "/usr/lib64/nagios/plugins/check_checkin") {
		if !strings.Contains(list, "\n"+f+"\n") {
			t.Errorf("the .rpm lacks %s:%s", f, list)
		}
	}
	if got := query("--configfiles"); got != "/etc/checkin-gateway/services.json\n" {
		t.Errorf("rpm configuration files = %q; want /etc/checkin-gateway/services.json", got)
	}
	if scripts := query("--scripts"); !strings.Contains(scripts, "systemd-sysusers") || strings.Contains(scripts, "systemctl start") {
		t.Errorf("rpm scripts do not create the user, or start the service:\n%s", scripts)
	}

	// Installed with rpm into a throwaway root (see throwawayRoot), the scripts run for real:
	// the user appears and may read services.json; erasing removes the programs and keeps the
	// database folder's owner.
	hostMustNotChange(t)
	checkintest.RequireTool(t, "setpriv")
	root := newThrowawayRoot(t)
	root.copyIn(t, pkg, "/tmp/checkin-gateway.rpm")
	root.forgetPackage(t)
	if _, ok := root.lookupID(t, "passwd", "checkin-gateway"); ok {
		t.Fatal("the throwaway root still has the user checkin-gateway before the install")
	}
	// Debian's rpm installs only when told that this is meant; the package's dependencies
	// (a shell, useradd or systemd-sysusers) are Debian's, which rpm's database does not know.
	root.run(t, "rpm", "--install", "--nodeps", "--force-debian", "/tmp/checkin-gateway.rpm")
	uid, ok := root.lookupID(t, "passwd", "checkin-gateway")
	gid, _ := root.lookupID(t, "group", "checkin-gateway")
	if !ok {
		t.Fatal("the .rpm's scripts did not create the user checkin-gateway")
	}
	sample, err := os.ReadFile(filepath.Join(repoRoot(t), "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantConfig(t, root.path("/etc/checkin-gateway/services.json"), string(sample), 0o640, uint32(gid))
	root.run(t, "env", "CHECKIN_CONFIG=/etc/checkin-gateway/services.json", "setpriv", "--reuid="+strconv.Itoa(uid), "--regid="+strconv.Itoa(gid),
		"--clear-groups", "--", "/usr/bin/checkin-gateway", "check-config")
	if out := root.run(t, "/usr/lib64/nagios/plugins/check_checkin", "--version"); !strings.Contains(out, testVersion) {
		t.Errorf("installed check_checkin --version = %q; want %s", out, testVersion)
	}
	root.run(t, "rpm", "--erase", "--nodeps", "checkin-gateway")
	if _, err := os.Stat(root.path("/usr/bin/checkin-gateway")); err == nil {
		t.Errorf("rpm --erase left /usr/bin/checkin-gateway")
	}
}

// Package versions start with a digit and sort below real releases when no tag names them.
func TestPackageVersion(t *testing.T) {
	checkintest.RequireTool(t, "make")
	tests := []struct{ version, want string }{
		{"v1.2.0", "1.2.0"},
		{"1.2.0-3-gabc1234", "1.2.0+3+gabc1234"},
		{"v1.2.0-3-gabc1234-dirty", "1.2.0+3+gabc1234+dirty"},
		{"007c6de", "0.0.0~git007c6de"},
		{"abc1234-dirty", "0.0.0~gitabc1234+dirty"},
		{"dev", "0.0.0~gitdev"},
	}
	for _, tt := range tests {
		got := runMake(t, repoRoot(t), "-s", "--eval", "print-pkgversion: ; @echo $(PKGVERSION)", "print-pkgversion", "VERSION="+tt.version)
		if strings.TrimSpace(got) != tt.want {
			t.Errorf("PKGVERSION for VERSION=%s = %q; want %q", tt.version, strings.TrimSpace(got), tt.want)
		}
	}
}
