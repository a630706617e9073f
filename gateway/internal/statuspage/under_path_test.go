package statuspage

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// Under a path (a proxy serving the gateway at /checkin/), every link and form of the pages
// leads to a page of the gateway under that same path: the overview's pager, filters, rows and
// search, a service's page and its way back, the header's home link.
func TestPagesUnderAPath(t *testing.T) {
	f := newOverviewFixture(t, backendtest.SQLite)
	link := regexp.MustCompile(`(?:href|action)="([^"#]*)"`)
	seen := map[string]bool{}
	queue := []string{"/checkin/status", "/checkin/status/host-000"}
	for len(queue) > 0 && len(seen) < 30 {
		page := queue[0]
		queue = queue[1:]
		if seen[page] {
			continue
		}
		seen[page] = true
		code, body := f.page(t, page)
		if code != 200 {
			t.Errorf("GET %s = %d; want 200", page, code)
			continue
		}
		for _, m := range link.FindAllStringSubmatch(body, -1) {
			target := gatewaytest.Resolve(t, page, html.UnescapeString(m[1]))
			if !strings.HasPrefix(target, "/checkin/status") {
				t.Errorf("%s links to %q, which leads to %s, outside /checkin", page, m[1], target)
				continue
			}
			queue = append(queue, target)
		}
	}
	if len(seen) < 10 {
		t.Errorf("followed %d pages; want the overview's pages and services too: %v", len(seen), seen)
	}
}
