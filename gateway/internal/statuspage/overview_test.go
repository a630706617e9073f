package statuspage

import (
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// manyServices is a services.json of n services, host-000 to host-(n-1), owned by team-0 to
// team-4 in turn.
func manyServices(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `%q: {"token": "secret-%d", "timeout": "1d", "owner": "Team-%d"}`, fmt.Sprintf("host-%03d", i), i, i%5)
	}
	b.WriteString("}")
	return b.String()
}

// newOverviewFixture has 250 services: host-000 to host-249; every tenth (host-000, host-010,
// ...) CRITICAL (25), host-005, -055, -105, -155 and -205 WARNING, host-249 never reported
// (UNKNOWN), the other 219 OK.
func newOverviewFixture(t *testing.T, b backendtest.Backend) *fixture {
	f := newFixtureWith(t, b, manyServices(250))
	for i := range 249 {
		status := "OK"
		switch {
		case i%10 == 0:
			status = "CRITICAL"
		case i%50 == 5:
			status = "WARNING"
		}
		f.checkin(t, fmt.Sprintf("host-%03d", i), status, "")
	}
	return f
}

var rowName = regexp.MustCompile(`<td data-label="Service" class="name"><a href="status/([^"]+)">`)

// rows returns the services an overview page lists, in order, with the next page's link ("" when
// none) resolved against /status, as a browser would.
func rows(t *testing.T, body string) (names []string, next string) {
	t.Helper()
	for _, m := range rowName.FindAllStringSubmatch(body, -1) {
		names = append(names, m[1])
	}
	if m := regexp.MustCompile(`<a rel="next" href="([^"]+)">`).FindStringSubmatch(body); m != nil {
		next = gatewaytest.Resolve(t, overviewPath, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return names, next
}

// overviewPath is where the overview is.
const overviewPath = "/status"

func TestOverviewPages(t *testing.T) { backendtest.Each(t, testOverviewPages) }

func testOverviewPages(t *testing.T, b backendtest.Backend) {
	f := newOverviewFixture(t, b)
	tests := []struct {
		path                string
		wantRows            int
		wantFirst, wantLast string
		wantNext            string
		wantText            []string
	}{
		// 31 not OK, then the first 69 OK: host-001 to host-078 without the tens and host-005.
		{"/status", 100, "host-000", "host-078", "/status?page=2",
			[]string{"<strong>25</strong> CRITICAL", "<strong>5</strong> WARNING", "<strong>1</strong> UNKNOWN", "<strong>219</strong> OK", "1–100 of 250"}},
		{"/status?page=2", 100, "host-079", "host-192", "/status?page=3", []string{"101–200 of 250", `<a rel="prev" href="status">`}},
		{"/status?page=3", 50, "host-193", "host-248", "", []string{"201–250 of 250"}},
		{"/status?page=9", 50, "host-193", "host-248", "", nil}, // past the end: the last page
		{"/status?status=CRITICAL", 25, "host-000", "host-240", "", []string{`value="CRITICAL" checked`, "all states"}},
		{"/status?status=WARNING,UNKNOWN", 6, "host-005", "host-249", "", nil},
		{"/status?status=warning&status=unknown", 6, "host-005", "host-249", "", nil},
		// The owner, in any letter case: Team-0 owns every fifth service, every tenth CRITICAL.
		{"/status?q=team-0", 50, "host-000", "host-245", "", []string{`value="team-0"`, "<strong>25</strong> CRITICAL", "<strong>20</strong> OK"}},
		{"/status?q=HOST-24", 10, "host-240", "host-248", "", nil}, // host-249, UNKNOWN, before the OK ones
		{"/status?q=host&status=OK", 100, "host-001", "host-114", "/status?page=2&q=host&status=OK", nil},
		{"/status?q=nothing-like-it", 0, "", "", "", []string{"No service matches"}},
		// The search is echoed with invisible characters shown, as info is: U+202E would turn
		// the text after it around.
		{"/status?q=%E2%80%AEkcab", 0, "", "", "", []string{`No service matches “\u202Ekcab”`}},
		{"/status?q=host-00%E2%80%8B", 0, "", "", "", []string{`“host-00\u200B”`}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			code, body := f.page(t, tt.path)
			if code != 200 {
				t.Fatalf("GET %s = %d", tt.path, code)
			}
			names, next := rows(t, body)
			if len(names) != tt.wantRows {
				t.Errorf("GET %s lists %d services; want %d", tt.path, len(names), tt.wantRows)
			}
			if len(names) > 0 && (names[0] != tt.wantFirst || names[len(names)-1] != tt.wantLast) {
				t.Errorf("GET %s lists %s … %s; want %s … %s", tt.path, names[0], names[len(names)-1], tt.wantFirst, tt.wantLast)
			}
			if next != tt.wantNext {
				t.Errorf("GET %s next = %q; want %q", tt.path, next, tt.wantNext)
			}
			for _, want := range tt.wantText {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %q", tt.path, want)
				}
			}
		})
	}
}

// Worst first: every CRITICAL before every WARNING before UNKNOWN before OK, over all pages.
func TestOverviewOrderAcrossPages(t *testing.T) { backendtest.Each(t, testOverviewOrderAcrossPages) }

func testOverviewOrderAcrossPages(t *testing.T, b backendtest.Backend) {
	f := newOverviewFixture(t, b)
	var all []string
	for path := "/status"; path != ""; {
		_, body := f.page(t, path)
		var names []string
		names, path = rows(t, body)
		all = append(all, names...)
	}
	if len(all) != 250 {
		t.Fatalf("the pages list %d services; want 250", len(all))
	}
	rank := func(name string) int {
		var i int
		fmt.Sscanf(name, "host-%d", &i)
		switch {
		case i == 249:
			return 2
		case i%10 == 0:
			return 0
		case i%50 == 5:
			return 1
		}
		return 3
	}
	for k := 1; k < len(all); k++ {
		if rank(all[k-1]) > rank(all[k]) || (rank(all[k-1]) == rank(all[k]) && all[k-1] >= all[k]) {
			t.Fatalf("%s is listed before %s", all[k-1], all[k])
		}
	}
}

func TestOverviewBadQuery(t *testing.T) { backendtest.Each(t, testOverviewBadQuery) }

func testOverviewBadQuery(t *testing.T, b backendtest.Backend) {
	f := newOverviewFixture(t, b)
	for _, tt := range []struct{ path, want string }{
		{"/status?page=0", "page must be a whole number"},
		{"/status?page=two", "page must be a whole number"},
		{"/status?status=FINE", "FINE"},
		{"/status?q=" + strings.Repeat("x", 201), "at most 200 characters"},
	} {
		// An API client gets the JSON error; a browser (a bookmark with a typo) a page saying it.
		code, body, hdr := f.get(t, tt.path)
		if code != http.StatusBadRequest || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s = %d %s %s; want 400, JSON naming %q", tt.path, code, hdr.Get("Content-Type"), body, tt.want)
		}
		code, body = f.page(t, tt.path)
		if code != http.StatusBadRequest || !strings.Contains(body, "<h1>Bad Request</h1>") || !strings.Contains(body, template.HTMLEscapeString(tt.want)) {
			t.Errorf("GET %s as a browser = %d; want 400 and a page naming %q:\n%s", tt.path, code, tt.want, body)
		}
	}
}
