package deploytest

import (
	"os"
	"os/exec"
	"os/user"
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

// The .deb, installed into this machine with dpkg: the service user exists and can read
// services.json, the unit passes systemd-analyze verify, nothing is started or enabled, the
// installed gateway serves, a reinstall keeps a changed services.json, `dpkg -r` keeps the
// configuration and the database, and `dpkg --purge` removes the configuration only.
func TestDebPackage(t *testing.T) {
	if os.Geteuid() != 0 {
		checkintest.SkipOrFail(t, "dpkg -i needs root")
	}
	dpkg := checkintest.RequireTool(t, "dpkg")
	dpkgDeb := checkintest.RequireTool(t, "dpkg-deb")
	analyze := checkintest.RequireTool(t, "systemd-analyze")
	const (
		etc = "/etc/checkin-gateway"
		lib = "/var/lib/checkin-gateway"
	)
	// This test installs and purges the package: it must not meet an installation of the
	// operator's.
	if out, _ := exec.Command("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "checkin-gateway").Output(); len(out) > 0 && out[1] != 'n' {
		checkintest.SkipOrFail(t, "the package checkin-gateway is on this machine (%s); not touching it", out)
	}
	for _, path := range []string{etc, lib, "/usr/bin/checkin-gateway"} {
		if _, err := os.Lstat(path); err == nil {
			checkintest.SkipOrFail(t, "%s exists on this machine; not touching it", path)
		}
	}
	if _, err := user.Lookup("checkin-gateway"); err == nil {
		checkintest.SkipOrFail(t, "the user checkin-gateway exists on this machine; not touching it")
	}
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

	// Packages must not start services here; ours never does, policy-rc.d makes sure.
	if _, err := os.Stat("/usr/sbin/policy-rc.d"); err != nil {
		writeFile(t, "/usr/sbin", "policy-rc.d", "#!/bin/sh\nexit 101\n")
		if err := os.Chmod("/usr/sbin/policy-rc.d", 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove("/usr/sbin/policy-rc.d") })
	}
	t.Cleanup(func() {
		_ = exec.Command(dpkg, "--purge", "checkin-gateway").Run()
		_ = exec.Command("userdel", "checkin-gateway").Run()
		_ = exec.Command("groupdel", "checkin-gateway").Run()
		os.RemoveAll(lib)
		os.RemoveAll(etc)
	})
	runDpkg := func(args ...string) {
		t.Helper()
		cmd := exec.Command(dpkg, args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("dpkg %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	runDpkg("-i", deb)

	u, err := user.Lookup("checkin-gateway")
	if err != nil {
		t.Fatalf("postinst did not create the user: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	asService := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	sample, err := os.ReadFile(filepath.Join(repoRoot(t), "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantConfig(t, etc+"/services.json", string(sample), 0o640, uint32(gid))
	if out, err := exec.Command("/usr/bin/checkin-gateway", "--version").CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != testVersion {
		t.Errorf("installed checkin-gateway --version = %q, %v; want %s", out, err, testVersion)
	}
	if out, err := exec.Command(analyze, "verify", "/usr/lib/systemd/system/checkin-gateway.service").CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify of the installed unit: %v\n%s", err, out)
	}
	if _, err := os.Lstat("/etc/systemd/system/multi-user.target.wants/checkin-gateway.service"); err == nil {
		t.Errorf("installing enabled the service")
	}
	if _, err := os.Stat(lib); err == nil {
		t.Errorf("installing created %s; the unit's StateDirectory= does that on first start", lib)
	}

	// The unit's reload check, as the service user: it can read services.json.
	check := exec.Command("/usr/bin/checkin-gateway", "check-config")
	check.Env = []string{"CHECKIN_CONFIG=" + etc + "/services.json"}
	check.SysProcAttr = asService
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("check-config as checkin-gateway: %v\n%s", err, out)
	}

	// The installed gateway, run as the unit runs it, makes the database in /var/lib.
	if err := os.Mkdir(lib, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(lib, uid, gid); err != nil {
		t.Fatal(err)
	}
	addr := checkintest.FreeAddr(t)
	serve := exec.Command("/usr/bin/checkin-gateway", "serve")
	serve.Env = []string{"CHECKIN_LISTEN=" + addr, "CHECKIN_CONFIG=" + etc + "/services.json", "CHECKIN_DB=" + lib + "/checkins.db"}
	serve.SysProcAttr = asService
	p := startAndWaitAlive(t, serve, addr, 20*time.Second)
	postCheckin(t, addr, `{"service": "laptop-update", "token": "change-me-laptop", "status": "OK"}`)
	p.stop(t, 15*time.Second)

	// A reinstall keeps a changed services.json, its mode and owner included.
	mine := `{"mine": {"token": "s3cret", "timeout": "1d"}}`
	if err := os.WriteFile(etc+"/services.json", []byte(mine), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(etc+"/services.json", 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(etc+"/services.json", 0, 0); err != nil {
		t.Fatal(err)
	}
	runDpkg("-i", deb)
	wantConfig(t, etc+"/services.json", mine, 0o600, 0)

	runDpkg("-r", "checkin-gateway")
	if _, err := os.Stat("/usr/bin/checkin-gateway"); err == nil {
		t.Errorf("dpkg -r left /usr/bin/checkin-gateway")
	}
	wantConfig(t, etc+"/services.json", mine, 0o600, 0)
	wantDatabase(t, lib+"/checkins.db")

	runDpkg("--purge", "checkin-gateway")
	if _, err := os.Stat(etc); err == nil {
		t.Errorf("dpkg --purge left %s", etc)
	}
	wantDatabase(t, lib+"/checkins.db")
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
// configuration file, and scripts that create the user.
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
