package e2e

import (
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// Twenty browsers ask for a service's page, whose 500 rows hold infos of "<" (six bytes each
// once escaped), and never read it. A page rendered whole before it is sent was held whole
// until --write-timeout: about 14 MB each. Sent as it is rendered, each holds little more than
// the rows it shows.
func TestUnreadStatusPagesBoundMemory(t *testing.T) {
	backendtest.Each(t, testUnreadStatusPagesBoundMemory)
}

func testUnreadStatusPagesBoundMemory(t *testing.T, b backendtest.Backend) {
	const rows, infoSize, readers, limit = 600, 4 << 10, 20, 100 << 20
	g := startWithLongHistory(t, b, rows, infoSize, "<")
	peak := peakWithUnreadAnswers(t, g, "/status/backup", readers)
	t.Logf("peak RSS %.1f MB with %d unread status pages", float64(peak)/(1<<20), readers)
	if peak > limit {
		t.Errorf("peak RSS %.1f MB with %d unread status pages; want under %d MB", float64(peak)/(1<<20), readers, limit>>20)
	}
}
