// Package e2e holds end-to-end tests that start the real checkin-gateway binary.
package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// page GETs a status page as a browser would and returns its HTML.
func page(t *testing.T, url string) string {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// waitLogCount waits until the gateway has logged want n times.
func waitLogCount(t *testing.T, g *gatewaytest.Gateway, want string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Count(g.Stderr.String(), want) >= n {
			return
		}
	}
	t.Fatalf("the gateway did not log %q %d times:\n%s", want, n, g.Stderr)
}

// A reload that fails shows on every status page as a banner naming the error, until a reload
// succeeds.
func TestFailedReloadShowsOnStatusPages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	cfg := filepath.Join(t.TempDir(), "services.json")
	good := `{"backup": {"token": "secret-backup", "timeout": "1d"}}`
	if err := os.WriteFile(cfg, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Config: cfg})
	if body := page(t, g.URL+"/status"); strings.Contains(body, `class="notice"`) {
		t.Fatalf("a banner before any reload:\n%s", body)
	}

	if err := os.WriteFile(cfg, []byte(`{"backup": {"token": "secret-backup", "timeout": "soon"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	g.Signal(t, syscall.SIGHUP)
	waitLogCount(t, g, "reload failed", 1)
	for _, path := range []string{"/status", "/status/backup"} {
		body := page(t, g.URL+path)
		for _, want := range []string{`<p class="notice" role="alert">The reload of services.json at `, "still runs the configuration it had before", "field timeout"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s after a failed reload lacks %q", path, want)
			}
		}
		if strings.Contains(body, "secret-backup") {
			t.Errorf("GET %s shows a token", path)
		}
	}

	if err := os.WriteFile(cfg, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	g.Signal(t, syscall.SIGHUP)
	waitLogCount(t, g, "configuration reloaded", 1)
	if body := page(t, g.URL+"/status"); strings.Contains(body, `class="notice"`) {
		t.Errorf("the banner stays after a successful reload")
	}
}
