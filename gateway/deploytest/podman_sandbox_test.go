package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// podmanSandbox runs the real podman with everything it keeps in a temp dir: its images,
// containers and volumes (vfs storage), its run-time state, and the folders it would otherwise
// write on the host (/var/lib/containers, /var/tmp, /run, /dev/shm's locks), which each
// call sees through bind mounts in a mount namespace of its own. Containers use slirp4netns or
// another container's network, never the host's firewall; the compose test runs in a network
// namespace of its own. So the host keeps no trace once the test ends.
type podmanSandbox struct {
	dir string // everything podman keeps
	bin string // a folder whose `podman` is the sandboxed one: put it first in PATH
}

// newPodmanSandbox needs root (mount namespaces), podman, runc, slirp4netns and unshare.
func newPodmanSandbox(t *testing.T) *podmanSandbox {
	t.Helper()
	if os.Geteuid() != 0 {
		checkintest.SkipOrFail(t, "podman in a private mount namespace needs root")
	}
	podman := checkintest.RequireTool(t, "podman")
	checkintest.RequireTool(t, "runc")
	checkintest.RequireTool(t, "slirp4netns")
	unshare := checkintest.RequireTool(t, "unshare")
	dir, err := os.MkdirTemp("", "checkin-podman")
	if err != nil {
		t.Fatal(err)
	}
	s := &podmanSandbox{dir: dir, bin: filepath.Join(dir, "bin")}
	for _, d := range []string{"bin", "graph", "run", "tmp", "libpod", "networks", "var-lib", "var-tmp", "shm", "run-host"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// crun fails on this kind of VM's rlimits and cgroups: runc, and no default ulimits.
	writeFile(t, dir, "containers.conf", `[containers]
default_ulimits = []
[engine]
runtime = "runc"
tmp_dir = "`+dir+`/libpod"
events_logger = "none"
[network]
network_config_dir = "`+dir+`/networks"
`)
	writeFile(t, dir, "storage.conf", "[storage]\ndriver = \"vfs\"\ngraphroot = \""+dir+"/graph\"\nrunroot = \""+dir+"/run\"\n")
	wrapper := `#!/bin/sh
# podman with its host folders bound to the test's own (see podman_sandbox_test.go).
export CONTAINERS_CONF=` + dir + `/containers.conf CONTAINERS_STORAGE_CONF=` + dir + `/storage.conf TMPDIR=` + dir + `/tmp
exec ` + unshare + ` --mount --propagation private sh -ec '
mount --bind ` + dir + `/var-lib /var/lib
mount --bind ` + dir + `/var-tmp /var/tmp
mount --bind ` + dir + `/shm /dev/shm
mount --bind ` + dir + `/run-host /run
exec "$0" "$@"' ` + podman + ` "$@"
`
	if err := os.WriteFile(filepath.Join(s.bin, "podman"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = s.exec("rm", "--all", "--force", "--time", "0")
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("remove podman's folder: %v", err)
		}
	})
	return s
}

// env is the environment for a program that calls podman (make, podman-compose, a script).
func (s *podmanSandbox) env() []string {
	return append(os.Environ(), "PATH="+s.bin+":"+os.Getenv("PATH"))
}

// exec runs podman args and returns its combined output.
func (s *podmanSandbox) exec(args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(s.bin, "podman"), args...)
	cmd.Env = s.env()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// run runs podman args and fails the test when podman fails. It returns standard output and
// error, trimmed.
func (s *podmanSandbox) run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := s.exec(args...)
	if err != nil {
		t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(out)
}
