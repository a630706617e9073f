package deploytest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// throwawayRoot is a root file system for installing packages: the host's own root as the
// read-only lower layer of an overlay whose upper layer is a tmpfs, seen only by a private
// mount namespace. Packages install there with the host's real dpkg, rpm, useradd and
// systemd-sysusers and run their maintainer scripts for real, while every write lands in the
// tmpfs: when the test ends, the namespace and everything written go away, and the host's
// /usr, /etc and /var never change. /proc and /dev are the host's, /tmp and /run are empty
// tmpfs (so no /run/systemd/system: the scripts do not talk to the host's systemd).
type throwawayRoot struct {
	holder *exec.Cmd // a process chrooted into the root; its mount namespace holds the overlay
}

// rootScript sets up the overlay in the new mount namespace ($1 is an empty folder), chroots
// into the root, and only then says "ready" and keeps the namespace alive: before the chroot,
// /proc/PID/root (see path) would still be the host's root, and a file copied in would land on
// the host.
const rootScript = `set -e
mount --make-rprivate /
mount -t tmpfs -o mode=0755 throwaway "$1"
mkdir "$1/upper" "$1/work" "$1/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$1/upper,workdir=$1/work" "$1/root"
r=$1/root
for d in usr etc var; do
	if mountpoint -q "/$d"; then
		mkdir "$1/upper-$d" "$1/work-$d"
		mount -t overlay overlay -o "lowerdir=/$d,upperdir=$1/upper-$d,workdir=$1/work-$d" "$r/$d"
	fi
done
mount -t proc proc "$r/proc"
mount --rbind /dev "$r/dev"
mount -t tmpfs tmpfs "$r/dev/shm"
mount -t tmpfs tmpfs "$r/tmp"
mount -t tmpfs tmpfs "$r/run"
exec chroot "$r" /bin/sh -c 'echo ready; exec sleep infinity'
`

// newThrowawayRoot makes a throwaway root; it is gone when the test ends. It needs root (to
// mount) and skips, or fails under CHECKIN_REQUIRE_ALL=1, without.
func newThrowawayRoot(t *testing.T) *throwawayRoot {
	t.Helper()
	if os.Geteuid() != 0 {
		checkintest.SkipOrFail(t, "a throwaway root needs root (mount namespaces and overlayfs)")
	}
	for _, tool := range []string{"mount", "mountpoint", "chroot", "nsenter", "sleep"} {
		checkintest.RequireTool(t, tool)
	}
	holder := exec.Command("/bin/sh", "-c", rootScript, "throwaway-root", t.TempDir())
	holder.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS, Pdeathsig: syscall.SIGKILL}
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &checkintest.SyncBuffer{}
	holder.Stderr = stderr
	if err := holder.Start(); err != nil {
		t.Fatalf("start the throwaway root: %v", err)
	}
	t.Cleanup(func() {
		_ = holder.Process.Kill()
		_ = holder.Wait()
	})
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && line != "ready\n" {
			err = fmt.Errorf("said %q", line)
		}
		ready <- err
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("the throwaway root did not come up: %v\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the throwaway root did not come up within 30s\n%s", stderr)
	}
	return &throwawayRoot{holder: holder}
}

// forgetPackage removes, inside the root only, every trace of an installation of
// checkin-gateway the host may have (its package, user, configuration and database), so that
// the test installs into a root without it. The host keeps all of it.
func (r *throwawayRoot) forgetPackage(t *testing.T) {
	t.Helper()
	r.run(t, "/bin/sh", "-c", `dpkg --purge checkin-gateway >/dev/null 2>&1
rpm --erase --nodeps checkin-gateway >/dev/null 2>&1
userdel checkin-gateway >/dev/null 2>&1
groupdel checkin-gateway >/dev/null 2>&1
rm -rf /etc/checkin-gateway /var/lib/checkin-gateway
true`)
}

// path is where the test, outside the namespace, reaches path inside the root.
func (r *throwawayRoot) path(p string) string {
	return fmt.Sprintf("/proc/%d/root%s", r.holder.Process.Pid, p)
}

// command is a command that runs inside the root, with a plain environment.
func (r *throwawayRoot) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command("nsenter", append([]string{"--target", fmt.Sprint(r.holder.Process.Pid), "--mount", "--root", "--wd=/", "--", name}, args...)...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"}
	return cmd
}

// run runs a command inside the root and fails the test when it fails.
func (r *throwawayRoot) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := r.command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("in the throwaway root: %s: %v", name, err)
	}
	// A command that hangs (a maintainer script waiting for something) fails the test in time.
	timer := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	if err != nil {
		t.Fatalf("in the throwaway root: %s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// copyIn copies the host's file src to dst inside the root.
func (r *throwawayRoot) copyIn(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.path(dst), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lookupID is a user's or group's numeric id from the root's /etc/passwd or /etc/group.
func (r *throwawayRoot) lookupID(t *testing.T, db, name string) (int, bool) {
	t.Helper()
	b, err := os.ReadFile(r.path(filepath.Join("/etc", db)))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ":")
		if len(f) > 3 && f[0] == name {
			var id int
			fmt.Sscan(f[2], &id)
			return id, true
		}
	}
	return 0, false
}
