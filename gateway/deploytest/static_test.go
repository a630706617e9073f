package deploytest

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

var elfMachines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// The release binaries load nothing at run time: no ELF interpreter (ld.so), no shared
// libraries, so they run whatever C library the machine has, or none. ldd agrees for the
// host's architecture.
func TestReleaseBinariesAreStatic(t *testing.T) {
	ldd := checkintest.RequireTool(t, "ldd")
	r := dist(t)
	for _, arch := range []string{"amd64", "arm64"} {
		for _, name := range []string{"checkin-gateway", "check_checkin"} {
			t.Run(arch+"/"+name, func(t *testing.T) {
				path := r.binary(t, arch, name)
				f, err := elf.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if f.Machine != elfMachines[arch] {
					t.Errorf("%s is built for %v; want %v", path, f.Machine, elfMachines[arch])
				}
				for _, p := range f.Progs {
					if p.Type == elf.PT_INTERP {
						t.Errorf("%s has an ELF interpreter: it is dynamically linked", path)
					}
				}
				if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
					t.Errorf("%s needs shared libraries %v (%v); want none", path, libs, err)
				}
				if arch != runtime.GOARCH {
					return
				}
				out, _ := exec.Command(ldd, path).CombinedOutput()
				if !strings.Contains(string(out), "not a dynamic executable") {
					t.Errorf("ldd %s = %q; want \"not a dynamic executable\"", path, out)
				}
			})
		}
	}
}

// The host's release binaries run in an empty root file system: a chroot holding only them, a
// services.json and a folder for the database (no /etc, /lib, /dev, /proc or /tmp). The gateway
// answers /alive, stores a check-in in SQLite, and the plugin reads its state.
func TestReleaseRunsInEmptyRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		checkintest.SkipOrFail(t, "chroot needs root")
	}
	r := dist(t)
	root := t.TempDir()
	for _, name := range []string{"checkin-gateway", "check_checkin"} {
		b, err := os.ReadFile(r.binary(t, runtime.GOARCH, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, root, "services.json", testServices)
	if err := os.Mkdir(filepath.Join(root, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 4 {
		t.Fatalf("the root holds %d entries; want the 2 binaries, services.json and data/", len(entries))
	}

	addr := checkintest.FreeAddr(t)
	cmd := exec.Command("/checkin-gateway", "serve", "--listen", addr, "--config", "/services.json", "--db", "/data/checkins.db")
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root}
	cmd.Dir = "/"
	cmd.Env = []string{}
	p := startAndWaitAlive(t, cmd, addr, 20*time.Second)
	postCheckin(t, addr, `{"service": "laptop", "token": "laptop-token", "status": "WARNING", "info": "in a chroot"}`)

	plugin := exec.Command("/check_checkin", "--url", "http://"+addr, "--service", "laptop")
	plugin.SysProcAttr = &syscall.SysProcAttr{Chroot: root}
	plugin.Dir = "/"
	plugin.Env = []string{}
	out, err := plugin.CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.HasPrefix(string(out), "CHECKIN WARNING - laptop: in a chroot") {
		t.Errorf("check_checkin in the chroot: exit %d, %q; want exit 1 and CHECKIN WARNING - laptop: in a chroot", code, out)
	}
	p.stop(t, 15*time.Second)
	if fi, err := os.Stat(filepath.Join(root, "data", "checkins.db")); err != nil || fi.Size() == 0 {
		t.Errorf("no database in the chroot's data/: %v", err)
	}
}

// The arm64 binaries run under qemu-user-static: --version, and a check-in round trip from the
// gateway's HTTP API to the plugin's verdict.
func TestReleaseArm64UnderQemu(t *testing.T) {
	if runtime.GOARCH == "arm64" {
		t.Skip("arm64 is this machine's own architecture; the other tests run its binaries")
	}
	qemu := checkintest.RequireTool(t, "qemu-aarch64-static")
	r := dist(t)
	gateway := r.binary(t, "arm64", "checkin-gateway")
	plugin := r.binary(t, "arm64", "check_checkin")
	for bin, want := range map[string]string{gateway: testVersion, plugin: "check_checkin " + testVersion} {
		out, err := exec.Command(qemu, bin, "--version").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("qemu-aarch64-static %s --version = %q, %v; want %q", filepath.Base(bin), out, err, want)
		}
	}

	dir := t.TempDir()
	addr := checkintest.FreeAddr(t)
	cmd := exec.Command(qemu, gateway, "serve", "--listen", addr, "--config", writeFile(t, dir, "services.json", testServices),
		"--db", filepath.Join(dir, "data", "checkins.db"))
	p := startAndWaitAlive(t, cmd, addr, 60*time.Second)
	postCheckin(t, addr, `{"service": "backup", "token": "tok\"en\\with quotes", "status": "CRITICAL", "info": "disk full"}`)
	out, err := exec.Command(qemu, plugin, "--url", "http://"+addr, "--service", "backup").CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.HasPrefix(string(out), "CHECKIN CRITICAL - backup: disk full") {
		t.Errorf("arm64 check_checkin: exit %d, %q; want exit 2 and CHECKIN CRITICAL - backup: disk full", code, out)
	}
	if status, info := lastCheckin(t, gatewayAt(addr), "backup"); status != "CRITICAL" || info != "disk full" {
		t.Errorf("arm64 gateway stored %s %q; want CRITICAL \"disk full\"", status, info)
	}
	p.stop(t, 30*time.Second)
}
