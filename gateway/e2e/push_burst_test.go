package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// burstServices is n services with a 15s timeout and an hour's grace.
func burstServices(n int) string {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `  "burst-%04d": {"token": "burst-%04d-token", "timeout": "15s", "grace": "1h"}`, i, i)
	}
	b.WriteString("\n}\n")
	return b.String()
}

// A burst: 1,000 services report in at once, and 15s later their deadlines pass together.
// Over two keep-alive connections the gateway gets all 1,000 WARNINGs into Icinga within 10s
// of the last deadline, each pushed once: nothing lost, nothing sent twice. It keeps to
// --icinga-push-rate (250 a second here): the burst takes at least (1,000-50)/250 = 3.8s.
func TestPushBurstOfDeadlines(t *testing.T) {
	const n, rate = 1000, 250
	services := burstServices(n)
	r := newPushRig(t, services, services, "--icinga-conns", "2", "--icinga-push-rate", fmt.Sprint(rate), "--log-level", "info")
	r.start(t)
	waitAll := func(state int, text string, limit time.Duration) time.Time {
		t.Helper()
		deadline := time.Now().Add(limit)
		for {
			got, done := r.servicesNow(t), 0
			for _, s := range got {
				if s.State == state && strings.Contains(s.Last.Output, text) {
					done++
				}
			}
			if done == n {
				return time.Now()
			}
			if time.Now().After(deadline) {
				r.s.Fatalf(t, "%d of %d services in state %d with %q within %v", done, n, state, text, limit)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitAll(3, "never reported in", 60*time.Second)
	if l, store := leaderIn(t, r.get(t, "/metrics")); l != 1 || store == "" {
		t.Errorf("checkin_push_leader{store=%q} = %v on SQLite; want 1 with the file's store id (a gateway alone always pushes)", store, l)
	}

	// Every service reports in, eight clients at once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first, last time.Time
	for c := range 8 {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second}
			for i := c; i < n; i += 8 {
				body := fmt.Sprintf(`{"service": "burst-%04d", "token": "burst-%04d-token", "status": "OK", "info": "burst"}`, i, i)
				resp, err := client.Post(r.g.URL+"/api/v1/checkins", "application/json", strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusNoContent {
					t.Errorf("check-in burst-%04d: HTTP %d", i, resp.StatusCode)
				}
				mu.Lock()
				last = time.Now()
				if first.IsZero() {
					first = last
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	waitAll(0, "burst", 15*time.Second)
	okBefore := r.metric(t, `checkin_icinga_pushes_total{result="ok"}`)
	failed := func() float64 {
		var sum float64
		for _, result := range []string{"refused", "unreachable", "unknown_object"} {
			sum += r.metric(t, fmt.Sprintf(`checkin_icinga_pushes_total{result=%q}`, result))
		}
		return sum
	}
	failedBefore := failed()

	lastDeadline := last.Add(15 * time.Second)
	seen := waitAll(1, "overdue by", 15*time.Second+10*time.Second)
	t.Logf("all %d WARNINGs in Icinga %v after the last deadline", n, seen.Sub(lastDeadline).Round(time.Millisecond))
	if d := seen.Sub(lastDeadline); d > 10*time.Second {
		t.Errorf("the burst took %v after the last deadline; want at most 10s", d)
	}
	// The first deadline was at most 15s after the first 204: the burst lasted at least this.
	if d := seen.Sub(first.Add(15 * time.Second)); d < 3*time.Second {
		t.Errorf("the burst took %v from the first deadline; want at least 3.8s at %d pushes a second", d, rate)
	}
	waitUntil(t, 5*time.Second, "the burst's pushes counted", func() bool {
		return r.metric(t, `checkin_icinga_pushes_total{result="ok"}`) >= okBefore+n
	})
	if got := r.metric(t, `checkin_icinga_pushes_total{result="ok"}`) - okBefore; got != n {
		t.Errorf("%v pushes for %d state changes; want each once", got, n)
	}
	if f := failed() - failedBefore; f != 0 {
		t.Errorf("%v pushes failed during the burst; want 0", f)
	}
}
