package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// flood sends n requests from workers goroutines at once; req builds the i-th. It returns how
// many got each status code.
func flood(t *testing.T, n, workers int, req func(i int) *http.Request) map[int]int {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	var next atomic.Int64
	var mu sync.Mutex
	codes := make(map[int]int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				resp, err := client.Do(req(i))
				if err != nil {
					t.Errorf("request %d: %v", i, err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return codes
}

// metric reads one series' value from the gateway's /metrics.
func metric(t *testing.T, g *gatewaytest.Gateway, series string) float64 {
	t.Helper()
	resp, err := http.Get(g.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(body)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), series+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no series %s in /metrics", series)
	return 0
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// countLines counts the log's lines, and those holding what.
func countLines(log, what string) (all, with int) {
	for line := range strings.Lines(log) {
		all++
		if strings.Contains(line, what) {
			with++
		}
	}
	return all, with
}

func forwardedFrom(r *http.Request, i, addresses int) *http.Request {
	r.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i%addresses/65536, i%addresses/256%256, i%addresses%256))
	return r
}
