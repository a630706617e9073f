package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Eight clients page through a history of 2,000 check-ins of 60 KB each (120 MB of infos) at
// once: the gateway's memory stays under 150 MB, because a page holds at most 4 MiB of JSON.
func TestHistoryPagingBoundsMemory(t *testing.T) { backendtest.Each(t, testHistoryPagingBoundsMemory) }

func testHistoryPagingBoundsMemory(t *testing.T, b backendtest.Backend) {
	const rows, infoSize, clients, limit = 2000, 60 << 10, 8, 150 << 20
	g := startWithLongHistory(t, b, rows, infoSize, "x")

	var peak atomic.Int64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		for {
			peak.Store(max(peak.Load(), g.RSSBytes(t)))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	var wg sync.WaitGroup
	seen := make([]int, clients)
	for c := range clients {
		wg.Go(func() { seen[c] = pageThrough(t, g) })
	}
	wg.Wait()
	close(stop)
	sampler.Wait()
	for c, n := range seen {
		if n != rows {
			t.Errorf("client %d saw %d check-ins; want %d", c, n, rows)
		}
	}
	t.Logf("peak RSS %.1f MB while %d clients paged through %d MB of history", float64(peak.Load())/(1<<20), clients, rows*infoSize>>20)
	if peak.Load() > limit {
		t.Errorf("peak RSS %.1f MB; want under %d MB", float64(peak.Load())/(1<<20), limit>>20)
	}
}

// nextLink is the target of a Link: <...>; rel="next" header, or "".
func nextLink(link string) string {
	target, ok := strings.CutPrefix(link, "<")
	target, rest, found := strings.Cut(target, ">")
	if !ok || !found || rest != `; rel="next"` {
		return ""
	}
	return target
}

// startWithLongHistory starts a gateway on a database of backend b whose service backup has rows
// check-ins, one a minute up to now, each with an info of infoSize bytes: its number, then fill.
func startWithLongHistory(t *testing.T, b backendtest.Backend, rows, infoSize int, fill string) *gatewaytest.Gateway {
	t.Helper()
	db := b.DB(t)
	st := b.OpenAt(t, db)
	start := time.Now().Add(-time.Duration(rows) * time.Minute)
	var seq iter.Seq[storage.Checkin] = func(yield func(storage.Checkin) bool) {
		for i := range rows {
			info := fmt.Sprintf("%06d", i) + strings.Repeat(fill, infoSize-6)
			if !yield(storage.Checkin{Service: "backup", Status: checkin.OK, Info: info, At: start.Add(time.Duration(i) * time.Minute)}) {
				return
			}
		}
	}
	if _, err := storagetest.Seed(context.Background(), st, seq); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return gatewaytest.Start(t, gatewaytest.Options{Services: `{"backup": {"token": "secret-backup", "timeout": "1d"}}`, DB: db})
}

// pageThrough follows backup's history pages of up to 1,000 check-ins from the newest, as a
// client does, and returns how many check-ins it saw. It may run in its own goroutine: a
// failure is reported with t.Errorf and ends the paging.
func pageThrough(t *testing.T, g *gatewaytest.Gateway) int {
	seen, path := 0, "/api/v1/services/backup/history?limit=1000"
	for path != "" {
		req, err := http.NewRequest("GET", g.URL+path, nil)
		if err != nil {
			t.Error(err)
			return seen
		}
		code, body, hdr := gatewaytest.RoundTrip(t, req)
		var page []checkin.HistoryEntry
		if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil || len(page) == 0 {
			t.Errorf("GET %s = %d, %d entries, %v; want 200 with entries", path, code, len(page), err)
			return seen
		}
		seen += len(page)
		if path = nextLink(hdr.Get("Link")); path != "" {
			path = gatewaytest.Resolve(t, req.URL.RequestURI(), path)
		}
	}
	return seen
}
