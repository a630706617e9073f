package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/logbudget"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
)

const floodServices = `{
	"backup": {"token": "secret-backup", "timeout": "1d"},
	"laptop": {"token": "secret-laptop", "timeout": "1d"}
}`

// lineBound is the most lines a flood of kinds messages may write in elapsed: PerSecond and a
// summary a second each, and a few lines of start-up and of whatever else happens meanwhile.
func lineBound(elapsed time.Duration, kinds int) int {
	secs := int(elapsed/time.Second) + 2
	return secs*kinds*(logbudget.PerSecond+1) + 20
}

// Wrong ping ids and wrong tokens from 3,000 addresses (through a trusted proxy): the per-
// address quieting never engages (ten each), so before the log budget every one was a line:
// 30,000 wrong pings wrote 8.6 MB. Now a few lines a second, and summaries with the totals;
// the metrics count every one.
func TestLogBoundedUnderAddressFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("floods a gateway: not under -short")
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Services: floodServices, Args: []string{"--trusted-proxies", "127.0.0.1"}})
	startLog := len(g.Stderr.String())
	const n, addresses = 30000, 3000
	start := time.Now()
	codes := flood(t, n, 8, func(i int) *http.Request {
		var r *http.Request
		if i%2 == 0 {
			r, _ = http.NewRequest("GET", fmt.Sprintf("%s/ping/%08x-0000-4000-8000-%012x", g.URL, i, i), nil)
		} else {
			r, _ = http.NewRequest("POST", g.URL+"/", strings.NewReader(`{"service": "backup", "token": "wrong", "status": "OK"}`))
		}
		return forwardedFrom(r, i, addresses)
	})
	elapsed := time.Since(start)
	if codes[404]+codes[401] != n {
		t.Fatalf("answers %v; want %d 404 and 401 (ten failures an address stay under the auth limit)", codes, n)
	}
	if got := metric(t, g, `checkin_checkins_rejected_total{reason="unauthorized"}`); got != n {
		t.Errorf("rejected_total unauthorized = %v; want every one, %d", got, n)
	}
	log := g.Stderr.String()[startLog:]
	all, summaries := countLines(log, "suppressed")
	t.Logf("%d rejected requests from %d addresses in %v: %d log lines, %d bytes", n, addresses, elapsed.Round(time.Millisecond), all, len(log))
	waitLogCount(t, g, "rejected pings from", 1)
	// Three messages flood: the two rejections, and the auth limiter's line for each address
	// that reached ten failures.
	if bound := lineBound(elapsed, 3); all > bound {
		t.Errorf("%d log lines (%d bytes) for %d rejected requests in %v; want at most %d", all, len(log), n, elapsed, bound)
	}
	if summaries == 0 || !strings.Contains(log, "addresses") {
		t.Errorf("no summary naming the addresses:\n%s", tail(log, 10))
	}
}

// A full disk refuses every check-in with 503; before the log budget each was an ERROR line
// (9,144 lines in 20 s). SQLite on a tmpfs: needs root to mount, skips without. The free-space
// floor is off, so that the writes themselves fail (with it, they get 507 before).
func TestLogBoundedWhileDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("floods a gateway: not under -short")
	}
	dir := testfs.Tmpfs(t, "4m")
	g := gatewaytest.Start(t, gatewaytest.Options{Services: floodServices, DB: filepath.Join(dir, "checkins.db"),
		Args: []string{"--rate", "off", "--min-free-space", "0"}})
	testfs.Fill(t, filepath.Join(dir, "filler"))
	startLog := len(g.Stderr.String())
	info := strings.Repeat("x", 4000)
	const n = 5000
	start := time.Now()
	codes := flood(t, n, 8, func(i int) *http.Request {
		r, _ := http.NewRequest("POST", g.URL+"/", strings.NewReader(fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "%d %s"}`, i, info)))
		return r
	})
	elapsed := time.Since(start)
	if codes[503] < n/2 {
		t.Fatalf("answers on a full disk %v; want mostly 503", codes)
	}
	log := g.Stderr.String()[startLog:]
	all, failed := countLines(log, "write failed")
	t.Logf("%d check-ins refused on a full disk in %v: %d log lines (%d \"write failed\"), %d bytes", codes[503], elapsed.Round(time.Millisecond), all, failed, len(log))
	waitLogCount(t, g, "failed writes", 1)
	if bound := lineBound(elapsed, 1); all > bound {
		t.Errorf("%d log lines (%d bytes) for %d refused check-ins in %v; want at most %d", all, len(log), codes[503], elapsed, bound)
	}
	if got := metric(t, g, `checkin_http_requests_total{code="503",route="/"}`); int(got) != codes[503] {
		t.Errorf("requests_total 503 = %v; want every one, %d", got, codes[503])
	}
}
