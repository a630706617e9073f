package statuspage

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// chromium runs headless Chromium on url with extra flags and returns what it prints.
func chromium(t *testing.T, bin, url string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--user-data-dir=" + t.TempDir()}, extra...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	return stdout.String()
}

// The status pages, as a real browser renders them, show every state with its name.
func TestStatusPagesInChromium(t *testing.T) {
	bin := checkintest.RequireTool(t, "chromium")
	f := newPageFixture(t)

	// Each Chromium run is a second or two of waiting: run them side by side.
	t.Run("list", func(t *testing.T) {
		t.Parallel()
		dom := chromium(t, bin, f.url+"/status", "--dump-dom")
		for _, want := range []string{
			`<span class="badge critical">CRITICAL</span>`, `<span class="badge warning">WARNING</span>`,
			`<span class="badge unknown">UNKNOWN</span>`, `<span class="badge ok">OK</span>`,
			`<strong>1</strong> CRITICAL`, `<strong>3</strong> OK`, "5012 mails waiting", "never reported in",
		} {
			if !strings.Contains(dom, want) {
				t.Errorf("/status in Chromium lacks %s", want)
			}
		}
	})
	for path, want := range map[string]string{
		"/status/mail%20queue":   `<h1>mail queue <span class="badge critical">CRITICAL</span></h1>`,
		"/status/db-dump":        `<h1>db-dump <span class="badge warning">WARNING</span></h1>`,
		"/status/new-laptop":     `<h1>new-laptop <span class="badge unknown">UNKNOWN</span></h1>`,
		"/status/nightly-backup": `<h1>nightly-backup <span class="badge ok">OK</span></h1>`,
	} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			if dom := chromium(t, bin, f.url+path, "--dump-dom"); !strings.Contains(dom, want) || !strings.Contains(dom, "<svg") {
				t.Errorf("%s in Chromium lacks %s or its timeline", path, want)
			}
		})
	}
	t.Run("screenshot", func(t *testing.T) {
		t.Parallel()
		shot := filepath.Join(t.TempDir(), "status.png")
		chromium(t, bin, f.url+"/status", "--screenshot="+shot, "--window-size=1200,900", "--hide-scrollbars")
		png, err := os.ReadFile(shot)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10<<10 {
			t.Fatalf("screenshot %s: %d bytes, %v; want a PNG", shot, len(png), err)
		}
		t.Logf("screenshot: %s", shot)
		if os.Getenv("CHECKIN_UPDATE_SCREENSHOT") != "1" {
			return
		}
		if err := os.WriteFile(filepath.Join("..", "..", "..", "docs", "status-page.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		// and one service's page, for the README
		shot = filepath.Join(t.TempDir(), "service.png")
		chromium(t, bin, f.url+"/status/db-dump", "--screenshot="+shot, "--window-size=1200,900", "--hide-scrollbars")
		if png, err = os.ReadFile(shot); err == nil {
			err = os.WriteFile(filepath.Join("..", "..", "..", "docs", "status-service.png"), png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Info that looks like HTML stays text in a real browser: no element made, no script run.
func TestStatusEscapesInChromium(t *testing.T) {
	bin := checkintest.RequireTool(t, "chromium")
	f := newFixtureWith(t, pageServices)
	f.checkin(t, "db-dump", "CRITICAL", `<script>document.title="pwned"</script><b id="injected">bold</b><img src=x onerror="document.title='pwned'">`)
	for _, path := range []string{"/status", "/status/db-dump"} {
		dom := chromium(t, bin, f.url+path, "--dump-dom")
		if strings.Contains(dom, "pwned</title>") || strings.Contains(dom, `<b id="injected">`) || strings.Contains(dom, "<img") {
			t.Errorf("%s in Chromium: the info became HTML:\n%s", path, dom)
		}
		if !strings.Contains(dom, `&lt;b id="injected"&gt;bold&lt;/b&gt;`) {
			t.Errorf("%s in Chromium does not show the info as text", path)
		}
	}
}
