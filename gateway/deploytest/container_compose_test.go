package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// composeScript runs in a network namespace of its own (podman-compose always makes a bridge
// network, whose firewall rules then never reach the host's): it starts deploy/container's
// compose file, waits for the published port, checks in, asks the health check, and stops.
const composeScript = `set -eu
echo "netns $(readlink /proc/self/ns/net)"
ip link set lo up
podman-compose -f compose.yaml up -d
i=0
until curl -fsS -o /dev/null http://127.0.0.1:5000/alive; do
	i=$((i+1)); [ $i -lt 150 ] || { podman logs checkin-gateway; exit 1; }
	sleep 0.2
done
curl -sS -o /dev/null -w 'check-in %{http_code}\n' -H 'Content-Type: application/json' \
	-d '{"service": "backup", "token": "container-backup-token-0123", "status": "OK", "info": "from compose"}' \
	http://127.0.0.1:5000/api/v1/checkins
curl -sS http://127.0.0.1:5000/api/v1/services/backup; echo
podman exec checkin-gateway checkin-gateway healthcheck
podman inspect checkin-gateway --format 'read-only {{.HostConfig.ReadonlyRootfs}} user {{.Config.User}}'
podman-compose -f compose.yaml down
`

// testCompose runs deploy/container/compose.yaml as its comments say, with the image tagged
// checkin-gateway:latest as docs/install.md shows.
func testCompose(t *testing.T, s *podmanSandbox, image string) {
	checkintest.RequireTool(t, "podman-compose")
	checkintest.RequireTool(t, "curl")
	checkintest.RequireTool(t, "ip")
	unshare := checkintest.RequireTool(t, "unshare")
	s.run(t, "tag", image, "checkin-gateway:latest")
	dir := t.TempDir()
	compose, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "container", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "compose.yaml", string(compose))
	if err := os.Mkdir(filepath.Join(dir, "config"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "config"), "services.json", containerServices)
	if err := os.Chmod(filepath.Join(dir, "config", "services.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(unshare, "--net", "sh", "-c", composeScript)
	cmd.Dir, cmd.Env = dir, s.env()
	out, err := cmd.CombinedOutput()
	// podman leaves aardvark-dns (the bridge network's DNS server) running in the namespace.
	if _, ns, ok := strings.Cut(string(out), "netns "); ok {
		killNetns(t, strings.TrimSpace(strings.SplitN(ns, "\n", 2)[0]))
	}
	if err != nil {
		t.Fatalf("podman-compose: %v\n%s", err, out)
	}
	for _, want := range []string{"check-in 204", `"status":"OK"`, "from compose", "answered 204", "read-only true user 10001:10001"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("podman-compose run lacks %q:\n%s", want, out)
		}
	}
}

// killNetns kills every process in the network namespace ns ("net:[4026532246]").
func killNetns(t *testing.T, ns string) {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*/ns/net")
	for _, p := range procs {
		if link, err := os.Readlink(p); err == nil && link == ns {
			pid, _ := strconv.Atoi(strings.Split(p, "/")[2])
			if proc, err := os.FindProcess(pid); err == nil {
				_ = proc.Kill()
			}
		}
	}
}
