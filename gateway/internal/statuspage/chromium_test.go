package statuspage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// chromium runs headless Chromium on url with extra flags and returns what it prints, and the
// messages the page wrote to the browser's console: a script error, or a style, image or script
// that the page's Content-Security-Policy blocked, each shows there.
func chromium(t *testing.T, bin, url string, extra ...string) (stdout string, console []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--enable-logging=stderr", "--v=0", "--user-data-dir=" + t.TempDir()}, extra...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	for line := range strings.Lines(stderr.String()) {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, strings.TrimSpace(line))
		}
	}
	return out.String(), console
}

// The status pages render in a real browser as whole documents and without a console message.
// What they show is checked with plain GETs (status_test.go); this is what only a browser can
// tell, and the screenshots in docs/. The Chromium tests run on SQLite only: they check how
// the pages render, and what the pages read is checked on both engines by those GETs.
// requireChromium is chromium's path. A test in a real browser is an end-to-end test: it skips
// under -short.
func requireChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test in chromium: skipped under -short")
	}
	return checkintest.RequireTool(t, "chromium")
}

func TestStatusPagesInChromium(t *testing.T) {
	bin := requireChromium(t)
	f := newPageFixture(t, backendtest.SQLite)

	// Each Chromium run is a second or two of waiting: run them side by side.
	for _, path := range []string{"/status", "/status/mail%20queue", "/status/db-dump", "/status/new-laptop", "/status/nightly-backup"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			dom, console := chromium(t, bin, f.url+path, "--dump-dom")
			if !strings.Contains(dom, "<body") || !strings.Contains(dom, "</html>") {
				t.Errorf("%s in Chromium is no whole document:\n%s", path, dom)
			}
			if len(console) > 0 {
				t.Errorf("%s in Chromium wrote to the console:\n%s", path, strings.Join(console, "\n"))
			}
		})
	}
	t.Run("screenshot", func(t *testing.T) {
		t.Parallel()
		shot := filepath.Join(t.TempDir(), "status.png")
		_, _ = chromium(t, bin, f.url+"/status", "--screenshot="+shot, "--window-size=1200,900", "--hide-scrollbars")
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
		_, _ = chromium(t, bin, f.url+"/status/db-dump", "--screenshot="+shot, "--window-size=1200,900", "--hide-scrollbars")
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
	bin := requireChromium(t)
	f := newFixtureWith(t, backendtest.SQLite, pageServices)
	f.checkin(t, "db-dump", "CRITICAL", `<script>document.title="pwned"</script><b id="injected">bold</b><img src=x onerror="document.title='pwned'">`)
	for _, path := range []string{"/status", "/status/db-dump"} {
		dom, _ := chromium(t, bin, f.url+path, "--dump-dom")
		if strings.Contains(dom, "pwned</title>") || strings.Contains(dom, `<b id="injected">`) || strings.Contains(dom, "<img") {
			t.Errorf("%s in Chromium: the info became HTML:\n%s", path, dom)
		}
		if !strings.Contains(dom, `&lt;b id="injected"&gt;bold&lt;/b&gt;`) {
			t.Errorf("%s in Chromium does not show the info as text", path)
		}
	}
}

// The overview of 100,000 services (1 in 100 CRITICAL) is one page of 100 that Chromium
// loads whole. How fast is for `make bench`; here it must load within the helper's time box
// and stay small.
func TestOverviewOf100000InChromium(t *testing.T) {
	bin := requireChromium(t)
	const n = 100_000
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `"host-%06d": {"token": "secret-%d", "timeout": "1d", "owner": "team-%d"}`, i, i, i%50)
	}
	b.WriteString("}")
	f := newFixtureWith(t, backendtest.SQLite, b.String())
	// Concurrent check-ins share transactions, as real clients' do.
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for g := range errs {
		wg.Go(func() {
			for i := g; i < n && errs[g] == nil; i += len(errs) {
				s := checkin.OK
				if i%100 == 0 {
					s = checkin.Critical
				}
				errs[g] = f.store.Add(context.Background(), storage.Checkin{Service: fmt.Sprintf("host-%06d", i), Status: s, At: f.clock.Now()})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}

	_, body := f.page(t, "/status")
	if len(body) > 300<<10 {
		t.Errorf("the overview of %d services is %d KB; want at most 300 KB", n, len(body)>>10)
	}
	dom, console := chromium(t, bin, f.url+"/status", "--dump-dom")
	if !strings.Contains(dom, "</html>") {
		t.Fatalf("the overview in Chromium is no whole document:\n%.2000s", dom)
	}
	if got := strings.Count(dom, `<tr class="row `); got != PageSize {
		t.Errorf("Chromium shows %d rows; want %d", got, PageSize)
	}
	for _, want := range []string{"<strong>1000</strong> CRITICAL", "<strong>99000</strong> OK", `href="status?page=1000"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the overview in Chromium lacks %s", want)
		}
	}
	if len(console) > 0 {
		t.Errorf("the overview in Chromium wrote to the console:\n%s", strings.Join(console, "\n"))
	}
}
