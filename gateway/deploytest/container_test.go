package deploytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const containerServices = `{
  "backup": {"token": "container-backup-token-0123", "timeout": "1d"}
}`

// imageFiles is everything an image may hold: no shell, no package manager, nothing else.
var imageFiles = []string{
	"data", "etc", "etc/checkin-gateway", "etc/group", "etc/passwd",
	"usr", "usr/bin", "usr/bin/check_checkin", "usr/bin/checkin-gateway",
}

// The images `make image` builds: what they hold, the multi-arch index, the arm64 binaries under
// qemu, and the host architecture's image run as an operator would (read-only, its own user, a
// mounted configuration and data folder): check-ins, state, history, metrics, the status page,
// the health check, the plugin from the image, a reload by SIGHUP, a stop under load that loses
// nothing acknowledged, a start that keeps the history; then deploy/container/compose.yaml under
// podman-compose.
func TestContainerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release binaries and runs podman")
	}
	s := newPodmanSandbox(t)
	r := dist(t)
	args := []string{"image", "DISTDIR=" + r.dir, "VERSION=" + testVersion, "ARCHS=" + strings.Join(r.archs, " ")}
	for _, arch := range r.archs {
		cc := crossCompilers[arch]
		if arch == runtime.GOARCH {
			cc = "gcc"
		}
		args = append(args, "CC_"+arch+"="+cc)
	}
	cmd := exec.Command("make", append([]string{"--no-print-directory"}, args...)...)
	cmd.Dir, cmd.Env = repoRoot(t), s.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make image: %v\n%s", err, out)
	}
	archive := func(arch string) string {
		return filepath.Join(r.dir, "checkin-gateway-"+testVersion+"-linux-"+arch+".oci.tar")
	}

	for _, arch := range r.archs {
		t.Run("contents/"+arch, func(t *testing.T) {
			wantImageContents(t, readOCIArchive(t, archive(arch)), arch)
		})
	}
	t.Run("index", func(t *testing.T) {
		blobs := archiveBlobs(t, filepath.Join(r.dir, "checkin-gateway-"+testVersion+".oci.tar"))
		var index struct {
			Manifests []struct{ Digest string } `json:"manifests"`
		}
		mustJSON(t, blobs["index.json"], &index)
		var list struct {
			Manifests []struct {
				Digest   string
				Platform struct{ Architecture, OS string }
			}
		}
		mustJSON(t, blobs[blobPath(index.Manifests[0].Digest)], &list)
		var archs []string
		for _, m := range list.Manifests {
			img := readOCIManifest(t, blobs, m.Digest)
			if img.Config.Architecture != m.Platform.Architecture {
				t.Errorf("the index lists %s for an image of %s", m.Platform.Architecture, img.Config.Architecture)
			}
			archs = append(archs, m.Platform.OS+"/"+m.Platform.Architecture)
		}
		slices.Sort(archs)
		var want []string
		for _, arch := range r.archs {
			want = append(want, "linux/"+arch)
		}
		slices.Sort(want)
		if !slices.Equal(archs, want) {
			t.Errorf("the multi-arch index lists %v; want %v", archs, want)
		}
	})
	if slices.Contains(r.archs, "arm64") && runtime.GOARCH != "arm64" {
		t.Run("arm64 binaries under qemu", func(t *testing.T) {
			qemu := checkintest.RequireTool(t, "qemu-aarch64-static")
			img := readOCIArchive(t, archive("arm64"))
			for _, bin := range []string{"checkin-gateway", "check_checkin"} {
				dst := filepath.Join(t.TempDir(), bin)
				img.extract(t, "usr/bin/"+bin, dst)
				out, err := exec.Command(qemu, dst, "--version").CombinedOutput()
				if err != nil || !strings.Contains(string(out), testVersion) {
					t.Errorf("qemu-aarch64-static %s --version: %v, %q; want the version %s", bin, err, out, testVersion)
				}
			}
		})
	}
	image := "localhost/checkin-gateway:" + testVersion
	s.run(t, "load", "--quiet", "-i", archive(runtime.GOARCH))
	t.Run("run", func(t *testing.T) { testImageRuns(t, s, image) })
	t.Run("compose", func(t *testing.T) { testCompose(t, s, image) })
}

// wantImageContents checks one image's files, size, user, settings and annotations.
func wantImageContents(t *testing.T, img *ociImage, arch string) {
	t.Helper()
	var files []string
	for name := range img.Files {
		if name != "" && name != "." {
			files = append(files, name)
		}
	}
	slices.Sort(files)
	if !slices.Equal(files, imageFiles) {
		t.Errorf("the %s image holds %v; want exactly %v (no shell, no package manager)", arch, files, imageFiles)
	}
	const limit = 35 << 20
	t.Logf("%s image: %.1f MB uncompressed", arch, float64(img.Size)/1e6)
	if img.Size > limit {
		t.Errorf("the %s image holds %d bytes; want under 35 MiB", arch, img.Size)
	}
	c := img.Config
	if c.Architecture != arch || c.OS != "linux" {
		t.Errorf("image config says %s/%s; want linux/%s", c.OS, c.Architecture, arch)
	}
	if c.Config.User != "10001:10001" {
		t.Errorf("image user %q; want 10001:10001", c.Config.User)
	}
	if h := img.Files["data"]; h == nil || h.Uid != 10001 || h.Gid != 10001 {
		t.Errorf("/data in the image: %+v; want a folder owned by 10001:10001", h)
	}
	for _, env := range []string{"CHECKIN_LISTEN=0.0.0.0:5000", "CHECKIN_CONFIG=/etc/checkin-gateway/services.json", "CHECKIN_DB=/data/checkins.db"} {
		if !slices.Contains(c.Config.Env, env) {
			t.Errorf("image environment %v lacks %s", c.Config.Env, env)
		}
	}
	if _, ok := c.Config.Volumes["/data"]; !ok {
		t.Errorf("image volumes %v; want /data", c.Config.Volumes)
	}
	for key, want := range map[string]string{
		"org.opencontainers.image.version":  testVersion,
		"org.opencontainers.image.source":   "https://github.com/checkin-gateway/checkin-gateway",
		"org.opencontainers.image.licenses": "NOASSERTION",
	} {
		if img.Annotations[key] != want || c.Config.Labels[key] != want {
			t.Errorf("%s: annotation %q, label %q; want %q", key, img.Annotations[key], c.Config.Labels[key], want)
		}
	}
}

// testImageRuns runs the image as an operator would and uses every part of it.
func testImageRuns(t *testing.T, s *podmanSandbox, image string) {
	cfg, data := t.TempDir(), t.TempDir()
	writeFile(t, cfg, "services.json", containerServices)
	if err := os.Chmod(filepath.Join(cfg, "services.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(data, 10001, 10001); err != nil {
		t.Fatal(err)
	}
	port := checkintest.FreePort(t)
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	s.run(t, "run", "--detach", "--name", "gw", "--read-only",
		"--network", "slirp4netns:port_handler=slirp4netns", "--publish", fmt.Sprintf("127.0.0.1:%d:5000", port),
		"--volume", cfg+":/etc/checkin-gateway:ro", "--volume", data+":/data", image)
	waitStatus(t, url+"/alive", http.StatusNoContent, 30*time.Second)

	if code := sendCheckin(url, "backup", "container-backup-token-0123", "first"); code != http.StatusNoContent {
		t.Fatalf("check-in = %d; want 204", code)
	}
	if state := getBody(t, url+"/api/v1/services/backup"); !strings.Contains(state, `"status":"OK"`) {
		t.Errorf("state %s; want OK", state)
	}
	if history := getBody(t, url+"/api/v1/services/backup/history"); !strings.Contains(history, "first") {
		t.Errorf("history %s; want the check-in", history)
	}
	if metrics := getBody(t, url+"/metrics"); !strings.Contains(metrics, "checkin_") {
		t.Errorf("/metrics has no checkin_ series")
	}
	if page := getBody(t, url+"/status"); !strings.Contains(page, "backup") {
		t.Errorf("the status page does not name the service")
	}
	if out := s.run(t, "exec", "gw", "checkin-gateway", "healthcheck"); !strings.Contains(out, "204") {
		t.Errorf("healthcheck in the container: %q; want 204", out)
	}
	out, err := s.exec("run", "--rm", "--network", "container:gw", "--entrypoint", "/usr/bin/check_checkin",
		image, "--url", "http://127.0.0.1:5000", "--service", "backup")
	if code := checkintest.ExitCode(err); code != 0 || !strings.Contains(out, "OK") || !strings.Contains(out, "first") {
		t.Errorf("check_checkin from the image = exit %d, %q; want 0 and OK", code, out)
	}

	// SIGHUP reloads services.json (changed in place, as an editor on the host would).
	writeFile(t, cfg, "services.json", strings.Replace(containerServices, "\n}", `,
  "laptop": {"token": "container-laptop-token-0123", "timeout": "1d"}
}`, 1))
	s.run(t, "kill", "--signal", "HUP", "gw")
	deadline := time.Now().Add(10 * time.Second)
	for sendCheckin(url, "laptop", "container-laptop-token-0123", "new") != http.StatusNoContent {
		if time.Now().After(deadline) {
			t.Fatalf("the service added before SIGHUP is still refused after 10s\n%s", s.run(t, "logs", "gw"))
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A stop under load: exit 0, and every acknowledged check-in is there after a start.
	acked := loadUntilStopped(t, url, func() { s.run(t, "stop", "--time", "30", "gw") })
	if code := s.run(t, "inspect", "gw", "--format", "{{.State.ExitCode}}"); code != "0" {
		t.Errorf("exit code after podman stop: %s; want 0\n%s", code, s.run(t, "logs", "gw"))
	}
	s.run(t, "start", "gw")
	waitStatus(t, url+"/alive", http.StatusNoContent, 30*time.Second)
	stored := historyInfos(t, url, "backup")
	for _, info := range append(acked, "first") {
		if !stored[info] {
			t.Errorf("check-in %q was acknowledged before the stop but is not in the history after a start", info)
		}
	}
	t.Logf("%d check-ins acknowledged during the stop, all kept", len(acked))
	if logs := s.run(t, "logs", "gw"); strings.Contains(logs, "container-backup-token") {
		t.Errorf("the gateway's log shows a token")
	}
}

// loadUntilStopped sends check-ins to backup one after another while stop runs, and returns the
// infos of those answered 204.
func loadUntilStopped(t *testing.T, url string, stop func()) []string {
	t.Helper()
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
		done  = make(chan struct{})
	)
	started := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			info := fmt.Sprintf("during-stop-%d", i)
			if sendCheckin(url, "backup", "container-backup-token-0123", info) == http.StatusNoContent {
				mu.Lock()
				acked = append(acked, info)
				mu.Unlock()
			}
			if i == 20 {
				close(started)
			}
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	<-started
	stop()
	close(done)
	wg.Wait()
	return acked
}

// sendCheckin sends one check-in and returns the answer's code, 0 when there was none.
func sendCheckin(url, service, token, info string) int {
	body, _ := json.Marshal(map[string]string{"service": service, "token": token, "status": "OK", "info": info})
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(url+"/api/v1/checkins", "application/json", strings.NewReader(string(body)))
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// historyInfos is the set of infos in a service's newest 1,000 check-ins.
func historyInfos(t *testing.T, url, service string) map[string]bool {
	t.Helper()
	var page []struct{ Info string }
	mustJSON(t, []byte(getBody(t, url+"/api/v1/services/"+service+"/history?limit=1000")), &page)
	infos := map[string]bool{}
	for _, c := range page {
		infos[c.Info] = true
	}
	return infos
}
