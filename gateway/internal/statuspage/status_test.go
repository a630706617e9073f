package statuspage

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// pageServices has services in every state once newPageFixture has run.
const pageServices = `{
	"nightly-backup": {"token": "secret-nb", "timeout": "1d", "grace": "12h", "owner": "ops team"},
	"db-dump":        {"token": "secret-db", "timeout": "2d", "grace": "2d", "owner": "dba"},
	"mail queue":     {"token": "secret-mq", "timeout": "1h"},
	"new-laptop":     {"token": "secret-nl", "timeout": 0, "tolerate_failures": true},
	"offsite-sync":   {"token": "secret-os", "timeout": "1d", "owner": "ops team"},
	"raid-scrub":     {"token": "secret-rs", "timeout": "7d", "grace": "1d", "owner": "storage"},
	"certbot-renew":  {"token": "secret-cb", "timeout": "2d"}
}`

// newPageFixture is a gateway after eleven days of daily check-ins, then three quiet days.
// mail queue is CRITICAL by report; db-dump is WARNING by being overdue and raid-scrub by
// report; new-laptop never reported (UNKNOWN); the other three are OK.
func newPageFixture(t *testing.T, b backendtest.Backend) *fixture {
	f := newFixtureWith(t, b, pageServices)
	for day := range 11 {
		if day == 6 {
			f.checkin(t, "db-dump", "CRITICAL", "pg_dump: connection refused")
		} else {
			f.checkin(t, "db-dump", "OK", "dumped 3 databases")
		}
		f.checkin(t, "nightly-backup", "OK", "42 GB in 13 min")
		f.clock.Add(24 * time.Hour)
	}
	f.clock.Add(48 * time.Hour)
	f.checkin(t, "nightly-backup", "OK", "42 GB in 13 min")
	f.checkin(t, "mail queue", "CRITICAL", "5012 mails waiting")
	f.checkin(t, "offsite-sync", "OK", "copied 1.2 TB to the second site")
	f.checkin(t, "raid-scrub", "WARNING", "sdb: 2 reallocated sectors")
	f.checkin(t, "certbot-renew", "OK", "0 of 12 certificates due")
	f.clock.Add(5 * time.Minute)
	return f
}

// page GETs path as a browser would and checks it is a whole HTML page.
func (f *fixture) page(t *testing.T, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.url+path, nil)
	req.Header.Set("Accept", browserAccept)
	code, body, hdr := gatewaytest.RoundTrip(t, req)
	if ct := hdr.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s Content-Type = %q; want HTML", path, ct)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<meta name="viewport"`, "</html>"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET %s lacks %s", path, want)
		}
	}
	// Nothing is loaded from anywhere, no script runs, no token shows.
	for _, bad := range []string{"<script", "src=", "<link", "http://", "https://", "secret-"} {
		if strings.Contains(body, bad) {
			t.Errorf("GET %s contains %q", path, bad)
		}
	}
	return code, body
}

func TestStatusList(t *testing.T) { backendtest.Each(t, testStatusList) }

func testStatusList(t *testing.T, b backendtest.Backend) {
	f := newPageFixture(t, b)
	for _, path := range []string{"/status", "/"} {
		code, body := f.page(t, path)
		if code != 200 {
			t.Fatalf("GET %s = %d", path, code)
		}
		// worst first: CRITICAL, WARNING, UNKNOWN, OK
		order := []string{`>mail queue<`, `>db-dump<`, `>raid-scrub<`, `>new-laptop<`, `>certbot-renew<`, `>nightly-backup<`, `>offsite-sync<`}
		last := -1
		for _, name := range order {
			i := strings.Index(body, name)
			if i < last {
				t.Errorf("GET %s: %s is out of order (want %v)", path, name, order)
			}
			last = i
		}
		for _, want := range []string{
			`<meta http-equiv="refresh" content="30">`,
			`<strong>1</strong> CRITICAL`, `<strong>2</strong> WARNING`, `<strong>1</strong> UNKNOWN`, `<strong>3</strong> OK`,
			`<span class="badge critical">CRITICAL</span>`, `<span class="badge warning">WARNING</span>`,
			`<span class="badge unknown">UNKNOWN</span>`, `<span class="badge ok">OK</span>`,
			`href="status/mail%20queue"`, "ops team", "5012 mails waiting", "never reported in",
			"overdue by 1d (timeout 2d, grace 2d)", "2026-12-08 12:00 UTC", "5m ago", "1d / 12h", "never overdue", "2d / 2d",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
	}
}

func TestStatusService(t *testing.T) { backendtest.Each(t, testStatusService) }

func testStatusService(t *testing.T, b backendtest.Backend) {
	f := newPageFixture(t, b)
	tests := []struct {
		path string
		want []string
	}{
		{"/status/db-dump", []string{"<h1>db-dump", "WARNING after 2 days, CRITICAL after 4 days without a check-in.",
			`<span class="badge warning">WARNING</span>`, "dba", `<rect class="none"`, `<rect class="ok"`, `<rect class="critical"`, `<rect class="warning"`,
			"×4", "×6", "pg_dump: connection refused"}},
		{"/status/mail%20queue", []string{"<h1>mail queue", "WARNING after 1 hour, CRITICAL after 13 hours without a check-in.",
			"5012 mails waiting", `<rect class="critical"`}},
		{"/status/new-laptop", []string{"<h1>new-laptop", "Never overdue", "shows as OK if the service ever sent an OK one",
			"never reported in", "No check-ins yet.", `<rect class="none" x="0.00" y="0" width="1000.00"`}},
		{"/status/nightly-backup", []string{"WARNING after 1 day, CRITICAL after 1 day 12 hours without a check-in.",
			"42 GB in 13 min", "12 check-ins", "×12"}},
	}
	for _, tt := range tests {
		code, body := f.page(t, tt.path)
		if code != 200 {
			t.Errorf("GET %s = %d", tt.path, code)
		}
		for _, want := range tt.want {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", tt.path, want)
			}
		}
	}
}

func TestStatusServiceHistoryFolded(t *testing.T) {
	backendtest.Each(t, testStatusServiceHistoryFolded)
}

func testStatusServiceHistoryFolded(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, pageServices)
	// Oldest first: 60 old check-ins (outside the 14 days), then OK a ×3, WARNING b, OK a ×2.
	for range 60 {
		f.checkin(t, "db-dump", "OK", "old")
		f.clock.Add(time.Minute)
	}
	f.clock.Add(20 * 24 * time.Hour)
	for _, s := range []struct{ status, info string }{{"OK", "a"}, {"OK", "a"}, {"OK", "a"}, {"WARNING", "b"}, {"OK", "a"}, {"OK", "a"}} {
		f.checkin(t, "db-dump", s.status, s.info)
		f.clock.Add(time.Hour)
	}
	_, body := f.page(t, "/status/db-dump")
	// At least 50 check-ins although only 6 are from the last 14 days.
	if !strings.Contains(body, "50 check-ins") {
		t.Errorf("page does not say it shows 50 check-ins")
	}
	rows := regexp.MustCompile(`(?s)<td data-label="Status">.*?class="badge (\w+)".*?<td data-label="Info" class="info">(.*?)</td>.*?<td data-label="Count" class="num">(.*?)</td>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, r := range rows {
		got = append(got, r[1]+" "+r[2]+" "+r[3])
	}
	want := []string{"ok a ×2", "warning b 1", "ok a ×3", "ok old ×44"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("history rows = %q; want %q", got, want)
	}
}

func TestStatusEscapes(t *testing.T) { backendtest.Each(t, testStatusEscapes) }

func testStatusEscapes(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, pageServices)
	evil := `<script>alert("x")</script><b>bold</b> & "quotes"`
	f.checkin(t, "db-dump", "CRITICAL", evil)
	for _, path := range []string{"/status", "/status/db-dump"} {
		_, body := f.page(t, path) // also checks that no <script appears
		if strings.Contains(body, "<b>bold") {
			t.Errorf("GET %s shows the info's HTML unescaped", path)
		}
		if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quotes&#34;`) {
			t.Errorf("GET %s does not show the info escaped", path)
		}
	}
}

// Invisible formatting characters in info show as escapes: U+202E would make "KO llA" read
// "All OK", in the current state and in the history.
func TestStatusShowsInvisibleCharacters(t *testing.T) {
	backendtest.Each(t, testStatusShowsInvisibleCharacters)
}

func testStatusShowsInvisibleCharacters(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, pageServices)
	f.checkin(t, "db-dump", "CRITICAL", "\u202EKO llA\u200B")
	for _, path := range []string{"/status", "/status/db-dump"} {
		_, body := f.page(t, path)
		if strings.ContainsAny(body, "\u202E\u200B") {
			t.Errorf("GET %s shows U+202E or U+200B as such", path)
		}
		if want := `\u202EKO llA\u200B`; strings.Count(body, want) < 1 || (path != "/status" && strings.Count(body, want) < 2) {
			t.Errorf("GET %s does not show the info as %s (in the state and the history)", path, want)
		}
	}
}

func TestStatusServiceNotFound(t *testing.T) { backendtest.Each(t, testStatusServiceNotFound) }

func testStatusServiceNotFound(t *testing.T, b backendtest.Backend) {
	f := newPageFixture(t, b)
	code, body := f.page(t, "/status/%3Cscript%3Enosuch")
	if code != 404 || !strings.Contains(body, `service &#34;&lt;script&gt;nosuch&#34; is not configured`) {
		t.Errorf("GET /status/<script>nosuch in a browser = %d %s; want 404 page naming it escaped", code, body)
	}
	code, body, hdr := f.get(t, "/status/nosuch")
	if code != 404 || !strings.Contains(gatewaytest.ErrorBody(t, hdr, body), `service "nosuch" is not configured`) {
		t.Errorf("GET /status/nosuch from curl = %d %s; want a JSON 404", code, body)
	}
}

// Each service's page names its state beside its name, and draws its timeline.
func TestStatusServiceHeading(t *testing.T) { backendtest.Each(t, testStatusServiceHeading) }

func testStatusServiceHeading(t *testing.T, b backendtest.Backend) {
	f := newPageFixture(t, b)
	for path, want := range map[string]string{
		"/status/mail%20queue":   `<h1>mail queue <span class="badge critical">CRITICAL</span></h1>`,
		"/status/db-dump":        `<h1>db-dump <span class="badge warning">WARNING</span></h1>`,
		"/status/new-laptop":     `<h1>new-laptop <span class="badge unknown">UNKNOWN</span></h1>`,
		"/status/nightly-backup": `<h1>nightly-backup <span class="badge ok">OK</span></h1>`,
	} {
		if _, body := f.page(t, path); !strings.Contains(body, want) || !strings.Contains(body, "<svg") {
			t.Errorf("GET %s lacks %s or its timeline", path, want)
		}
	}
}
