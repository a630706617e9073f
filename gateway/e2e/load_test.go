package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// checkinLoad is a set of clients posting check-ins for backup as fast as they can, each with
// an info of its own, and remembering which ones the gateway acknowledged with 204.
type checkinLoad struct {
	stop  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	acked []string
}

// startLoad starts clients goroutines posting to url, with infos "<prefix>client C n N" and
// the given HTTP client timeout. For every post that fails or is answered other than 204,
// failed is called with the status code (0 when err is set); a client goes on while it
// returns true.
func startLoad(url, prefix string, clients int, timeout time.Duration, failed func(code int, err error) bool) *checkinLoad {
	l := &checkinLoad{stop: make(chan struct{})}
	for c := range clients {
		l.wg.Go(func() {
			client := &http.Client{Timeout: timeout}
			for n := 0; ; n++ {
				select {
				case <-l.stop:
					return
				default:
				}
				info := fmt.Sprintf("%sclient %d n %d", prefix, c, n)
				body := fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": %q}`, info)
				resp, err := client.Post(url, "application/json", strings.NewReader(body))
				code := 0
				if err == nil {
					resp.Body.Close()
					code = resp.StatusCode
				}
				if code == http.StatusNoContent {
					l.mu.Lock()
					l.acked = append(l.acked, info)
					l.mu.Unlock()
				} else if !failed(code, err) {
					return
				}
			}
		})
	}
	return l
}

// waitAcked waits up to 10s until n check-ins were acknowledged; then it fails the test.
func (l *checkinLoad) waitAcked(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l.mu.Lock()
		acked := len(l.acked)
		l.mu.Unlock()
		if acked >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d check-ins acknowledged within 10s; want %d", acked, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop stops the clients, waits for them and returns the infos acknowledged with 204.
func (l *checkinLoad) Stop() []string {
	close(l.stop)
	l.wg.Wait()
	return l.acked
}
