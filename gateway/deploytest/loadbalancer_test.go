package deploytest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const balancedServices = `{"backup": {"token": "secret-backup", "timeout": "1d"}}`

func balancedCheckin(info string) string {
	return fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": %q}`, info)
}

// The load balancer examples, as shipped, in front of two real gateways on one PostgreSQL
// database: check-ins through the balancer are stored and every gateway answers for them;
// after kill -9 of one gateway, check-ins through the balancer are still acknowledged (clients
// retry what fails, as they do) and none acknowledged is lost; the balancer takes the dead
// gateway out (HAProxy by its /alive check, nginx after the refused connection), after which
// every check-in is acknowledged at the first try.
func TestLoadBalancerExamples(t *testing.T) {
	for _, b := range balancers {
		t.Run(b.name, func(t *testing.T) {
			checkintest.RequireTool(t, b.name)
			dsn := pgtest.Start(t)
			cfg := writeFile(t, t.TempDir(), "services.json", balancedServices)
			gws := [2]*gatewaytest.Gateway{}
			for i := range gws {
				gws[i] = gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: dsn, Args: []string{"--rate", "off"}})
			}
			lb := startBalancer(t, b, [2]string{gws[0].Addr, gws[1].Addr})
			var acked []string

			for i := range 10 {
				info := fmt.Sprintf("through %s %d", b.name, i)
				if code := postBalanced(lb.URL, info); code != http.StatusNoContent {
					t.Fatalf("check-in through %s = %d; want 204\n%s", b.name, code, lb.Stderr)
				}
				acked = append(acked, info)
				for _, url := range []string{lb.URL, gws[0].URL, gws[1].URL} {
					if state := getBody(t, url+"/report?service=backup"); !strings.Contains(state, `"info":"`+info+`"`) {
						t.Fatalf("state from %s right after check-in %q = %s", url, info, state)
					}
				}
			}

			load := startBalancedLoad(lb.URL, 4)
			load.waitFor(t, "20 check-ins acknowledged", func(r loadResult) bool { return len(r.acked) >= 20 })
			logged := len(lb.Stderr.String())
			gws[0].Stop(t, syscall.SIGKILL)
			killed := load.markKill()
			waitLog(t, lb.Stderr, logged, b.takenOut, 15*time.Second)
			t.Logf("%s took the dead gateway out after %v", b.name, time.Since(killed).Round(100*time.Millisecond))
			load.waitFor(t, "20 check-ins acknowledged after the kill", func(r loadResult) bool { return len(r.afterKill) >= 20 })
			loaded := load.stop()
			if len(loaded.afterKill) == 0 {
				t.Errorf("no check-in was acknowledged after the kill; answers %v", loaded.codes)
			}
			acked = append(acked, loaded.acked...)

			for i := range 20 {
				info := fmt.Sprintf("after %s took gw1 out %d", b.name, i)
				if code := postBalanced(lb.URL, info); code != http.StatusNoContent {
					t.Errorf("check-in through %s with gw1 out = %d; want 204 at the first try", b.name, code)
					continue
				}
				acked = append(acked, info)
			}
			if lost := missingFrom(t, dsn, acked); len(lost) > 0 {
				t.Fatalf("%d of %d acknowledged check-ins are not in the database, e.g. %q", len(lost), len(acked), lost[0])
			}
			t.Logf("%d check-ins acknowledged, all stored; answers under load %v", len(acked), loaded.codes)
		})
	}
}

// One gateway loses the database while the other keeps it (a cut network between them): that
// gateway answers check-ins 503 and /alive 503, and the balancer sends its check-ins to the
// other one, so no client sees a 503 at all (HAProxy's retry-on 503, nginx's
// proxy_next_upstream http_503); the balancer takes it out (HAProxy by its /alive check) and,
// for HAProxy, puts it back once it has the database again. Every 204 is stored.
func TestLoadBalancerExamplesGatewayLosesDatabase(t *testing.T) {
	for _, b := range balancers {
		t.Run(b.name, func(t *testing.T) {
			checkintest.RequireTool(t, b.name)
			dsn := pgtest.Start(t)
			dbAddr := fmt.Sprintf("127.0.0.1:%d", pgtest.Shared(t).Port)
			link := newDBLink(t, dbAddr)
			cfg := writeFile(t, t.TempDir(), "services.json", balancedServices)
			gws := [2]*gatewaytest.Gateway{
				gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: strings.Replace(dsn, dbAddr, link.addr, 1), Args: []string{"--rate", "off"}}),
				gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: dsn, Args: []string{"--rate", "off"}}),
			}
			lb := startBalancer(t, b, [2]string{gws[0].Addr, gws[1].Addr})

			load := startBalancedLoad(lb.URL, 4)
			load.waitFor(t, "20 check-ins acknowledged", func(r loadResult) bool { return len(r.acked) >= 20 })
			logged := len(lb.Stderr.String())
			link.cut()
			waitStatus(t, gws[0].URL+"/alive", http.StatusServiceUnavailable, 10*time.Second)
			waitLog(t, lb.Stderr, logged, b.takenOut, 15*time.Second)
			before := load.acked()
			load.waitFor(t, "20 more check-ins acknowledged with gw1 out", func(r loadResult) bool { return len(r.acked) >= before+20 })
			logged = len(lb.Stderr.String())
			link.restore(t)
			waitStatus(t, gws[0].URL+"/alive", http.StatusNoContent, 20*time.Second)
			if b.backIn != "" {
				waitLog(t, lb.Stderr, logged, b.backIn, 15*time.Second)
			}
			loaded := load.stop()
			if len(loaded.codes) != 1 || loaded.codes[http.StatusNoContent] == 0 {
				t.Errorf("answers through %s while gw1 had no database: %v; want only 204s", b.name, loaded.codes)
			}
			if lost := missingFrom(t, dsn, loaded.acked); len(lost) > 0 {
				t.Fatalf("%d of %d acknowledged check-ins are not in the database, e.g. %q", len(lost), len(loaded.acked), lost[0])
			}
			t.Logf("%d check-ins acknowledged, all stored; answers %v", len(loaded.acked), loaded.codes)
		})
	}
}

// waitStatus polls url until it answers want.
func waitStatus(t *testing.T, url string, want int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	got := 0
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if got = resp.StatusCode; got == want {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s = %d after %v; want %d", url, got, limit, want)
}

// postBalanced sends one check-in and returns the answer's code, 0 when there was none.
func postBalanced(url, info string) int {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(url+"/", "application/json", strings.NewReader(balancedCheckin(info)))
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", url, resp.StatusCode, body)
	}
	return string(body)
}

// balancedLoad is clients that send check-ins through the balancer, each retrying a check-in
// that got no 204 until it does, as a client with retries would.
type balancedLoad struct {
	quit   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	killed time.Time
	result loadResult
}

type loadResult struct {
	acked     []string    // every check-in answered 204
	afterKill []string    // those sent after markKill
	codes     map[int]int // every answer, 0 for none
}

func startBalancedLoad(url string, clients int) *balancedLoad {
	l := &balancedLoad{quit: make(chan struct{}), result: loadResult{codes: map[int]int{}}}
	for c := range clients {
		l.wg.Go(func() {
			for n := 0; ; n++ {
				info := fmt.Sprintf("client %d n %d", c, n)
				for {
					select {
					case <-l.quit:
						return
					default:
					}
					sent := time.Now()
					code := postBalanced(url, info)
					l.mu.Lock()
					l.result.codes[code]++
					if code == http.StatusNoContent {
						l.result.acked = append(l.result.acked, info)
						if !l.killed.IsZero() && sent.After(l.killed) {
							l.result.afterKill = append(l.result.afterKill, info)
						}
					}
					l.mu.Unlock()
					if code == http.StatusNoContent {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	return l
}

// markKill notes that a gateway is dead from now on, and returns the time.
func (l *balancedLoad) markKill() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.killed = time.Now()
	return l.killed
}

// waitFor polls what the clients saw until cond holds, for up to 15s; then it fails the test
// naming what, with the answers so far.
func (l *balancedLoad) waitFor(t *testing.T, what string, cond func(loadResult) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		l.mu.Lock()
		ok, codes := cond(l.result), fmt.Sprint(l.result.codes)
		l.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 15s; answers %s", what, codes)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// acked is how many check-ins were acknowledged so far.
func (l *balancedLoad) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.result.acked)
}

// stop ends the clients and returns what they saw.
func (l *balancedLoad) stop() loadResult {
	close(l.quit)
	l.wg.Wait()
	return l.result
}

// waitLog waits until log holds want after its first from bytes.
func waitLog(t *testing.T, log fmt.Stringer, from int, want string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(log.String()[from:], want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log within %v:\n%s", want, limit, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// missingFrom returns the check-ins of infos that the database at dsn lacks, read with the
// gateway's own PostgreSQL store.
func missingFrom(t *testing.T, dsn string, infos []string) []string {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hist, err := storagetest.History(context.Background(), st, "backup", 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool, len(hist))
	for _, h := range hist {
		have[h.Info] = true
	}
	var out []string
	for _, info := range infos {
		if !have[info] {
			out = append(out, info)
		}
	}
	return out
}
