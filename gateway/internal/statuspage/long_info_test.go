package statuspage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// Sixty check-ins of 60 KB each: in full, the service's page was 3.6 MB of HTML (with 500
// such rows, 30 MB, and 100 MB held while it was sent). Rows show the first servicehistory's maxShownInfo
// bytes; the state at the top shows its info whole; infos that differ only after the cut are
// still rows of their own. The table reads 1 MiB of infos: 18 of these rows, and says so.
func TestLongInfosCutOnPages(t *testing.T) { backendtest.Each(t, testLongInfosCutOnPages) }

func testLongInfosCutOnPages(t *testing.T, b backendtest.Backend) {
	const n, size = 60, 60 << 10
	f := newFixtureWith(t, b, pageServices)
	for i := range n {
		f.checkin(t, "db-dump", "OK", strings.Repeat("x", size-6)+fmt.Sprintf("%06d", i))
		f.clock.Add(time.Minute)
	}
	_, body := f.page(t, "/status/db-dump")
	if len(body) > 1<<20 {
		t.Errorf("GET /status/db-dump is %d bytes; want at most 1 MiB", len(body))
	}
	const rows = (1<<20)/size + 1 // the row that passes 1 MiB is the last one read
	if got := strings.Count(body, "(cut: 61440 bytes in all"); got != rows {
		t.Errorf("GET /status/db-dump has %d cut infos; want %d rows, each cut", got, rows)
	}
	if note := fmt.Sprintf("%d check-ins; only the newest %d rows are shown", n, rows); !strings.Contains(body, note) {
		t.Errorf("GET /status/db-dump does not say %q", note)
	}
	if newest := fmt.Sprintf("%06d", n-1); !strings.Contains(body, newest) {
		t.Errorf("GET /status/db-dump does not show the current state's info whole (ending %s)", newest)
	}
	_, list := f.page(t, "/status")
	if len(list) > 64<<10 || !strings.Contains(list, "(cut: 61440 bytes in all") {
		t.Errorf("GET /status is %d bytes, cut note shown %v; want under 64 KiB, the info cut",
			len(list), strings.Contains(list, "(cut:"))
	}
}
