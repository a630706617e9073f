package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// startOnPostgres starts the real binary on the PostgreSQL database dsn.
func startOnPostgres(t *testing.T, cfg, dsn string, extra ...string) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: dsn, Args: extra})
}

func servicesFile(t *testing.T) string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "services.json")
	writeFile(t, cfg, testServices)
	return cfg
}

func checkinBody(status, info string) string {
	return fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": %q, "info": %q}`, status, info)
}

// A check-in acknowledged by one gateway is in the state answer of the other at once.
func TestTwoGatewaysReadYourWrites(t *testing.T) {
	dsn := pgtest.Start(t)
	cfg := servicesFile(t)
	gws := []*gatewaytest.Gateway{startOnPostgres(t, cfg, dsn, "--rate", "off"), startOnPostgres(t, cfg, dsn, "--rate", "off")}
	for i := range 20 {
		from, to := gws[i%2], gws[(i+1)%2]
		status := []string{"OK", "WARNING", "CRITICAL"}[i%3]
		info := fmt.Sprintf("check-in %d", i)
		if code := post(t, from.URL+"/", checkinBody(status, info)); code != 204 {
			t.Fatalf("check-in %d = %d; want 204", i, code)
		}
		_, state := get(t, to.URL+"/report?service=backup")
		for _, want := range []string{`"status":"` + status + `"`, `"info":"` + info + `"`} {
			if !strings.Contains(state, want) {
				t.Fatalf("state on the other gateway right after check-in %d = %s; want %s", i, state, want)
			}
		}
	}
	hash := func(g *gatewaytest.Gateway) string {
		_, body := get(t, g.URL+"/metrics")
		for line := range strings.Lines(body) {
			if strings.HasPrefix(line, "checkin_config_hash ") {
				return line
			}
		}
		t.Fatalf("/metrics lacks checkin_config_hash:\n%s", body)
		return ""
	}
	if a, b := hash(gws[0]), hash(gws[1]); a != b {
		t.Errorf("gateways on the same services.json export %q and %q; want the same hash", a, b)
	}
	for _, g := range gws {
		if strings.Contains(g.Stderr.String(), pgtest.Password) {
			t.Errorf("the gateway logged the database password:\n%s", g.Stderr)
		}
	}
}

// failoverLoad is clients that post check-ins with infos of their own to the gateways in turn,
// and on a failure retry the same check-in on the next one, as clients behind a load balancer
// do. It remembers every check-in that got a 204, and any other answer codes.
type failoverLoad struct {
	stop  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	acked []string
	codes map[int]int
	total int // check-ins the clients send in all
}

func startFailoverLoad(urls []string, clients, perClient int) *failoverLoad {
	l := &failoverLoad{stop: make(chan struct{}), codes: map[int]int{}, total: clients * perClient}
	for c := range clients {
		l.wg.Go(func() {
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			next := c
			for n := 0; n < perClient; n++ {
				info := fmt.Sprintf("client %d n %d", c, n)
				for {
					select {
					case <-l.stop:
						return
					default:
					}
					resp, err := client.Post(urls[next%len(urls)]+"/", "application/json", strings.NewReader(checkinBody("OK", info)))
					next++
					code := 0
					if err == nil {
						resp.Body.Close()
						code = resp.StatusCode
					}
					l.mu.Lock()
					l.codes[code]++
					if code == http.StatusNoContent {
						l.acked = append(l.acked, info)
					}
					l.mu.Unlock()
					if code == http.StatusNoContent {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	return l
}

// waitAcked waits until n check-ins (or all the clients send) were acknowledged, for up to
// 20s, and returns how many were.
func (l *failoverLoad) waitAcked(t *testing.T, n int) int {
	t.Helper()
	n = min(n, l.total)
	deadline := time.Now().Add(20 * time.Second)
	for {
		l.mu.Lock()
		acked, codes := len(l.acked), fmt.Sprint(l.codes)
		l.mu.Unlock()
		if acked >= n {
			return acked
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d check-ins acknowledged within 20s; want %d; answers %s", acked, n, codes)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop stops the clients and returns the check-ins acknowledged with 204.
func (l *failoverLoad) Stop() []string {
	close(l.stop)
	l.wg.Wait()
	return l.acked
}

// missing returns the acknowledged check-ins that the history read through g lacks.
func missing(t *testing.T, g *gatewaytest.Gateway, acked []string) []string {
	t.Helper()
	have := storedInfos(t, g)
	var out []string
	for _, info := range acked {
		if !have[info] {
			out = append(out, info)
		}
	}
	return out
}

// kill -9 one of two gateways under load: clients retry on the other, and every check-in that
// got a 204 from either is stored.
func TestKillOneOfTwoGatewaysUnderLoad(t *testing.T) {
	dsn := pgtest.Start(t)
	cfg := servicesFile(t)
	a, b := startOnPostgres(t, cfg, dsn, "--rate", "off"), startOnPostgres(t, cfg, dsn, "--rate", "off")
	load := startFailoverLoad([]string{a.URL, b.URL}, 8, 100)
	before := load.waitAcked(t, 20)
	a.Stop(t, syscall.SIGKILL)
	load.waitAcked(t, before+20) // some through b alone
	acked := load.Stop()
	if len(acked) == 0 {
		t.Fatal("no check-in was acknowledged")
	}
	if lost := missing(t, b, acked); len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged check-ins are not stored, e.g. %q", len(lost), len(acked), lost[0])
	}
	t.Logf("%d check-ins acknowledged, all stored; answers %v", len(acked), load.codes)
}

// PostgreSQL restarts under load: while it is down check-ins get 503 (never 204) and /alive 503
// on both gateways; once it is back both recover by themselves, and every 204 is stored.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			c := pgtest.NewCluster(t)
			cfg := servicesFile(t)
			dsn := c.URL("postgres")
			// The load floods one service.
			gws := []*gatewaytest.Gateway{startOnPostgres(t, cfg, dsn, "--rate", "off"), startOnPostgres(t, cfg, dsn, "--rate", "off")}
			load := startFailoverLoad([]string{gws[0].URL, gws[1].URL}, 4, 1000)
			load.waitAcked(t, 20)
			if err := c.Stop(sig); err != nil {
				t.Fatal(err)
			}
			for _, g := range gws {
				waitAlive(t, g, http.StatusServiceUnavailable, 10*time.Second)
				if code := post(t, g.URL+"/", checkinBody("OK", "while down")); code != http.StatusServiceUnavailable {
					t.Errorf("check-in while the database is down = %d; want 503", code)
				}
			}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			before := load.waitAcked(t, 0)
			for _, g := range gws {
				waitAlive(t, g, http.StatusNoContent, 20*time.Second)
			}
			load.waitAcked(t, before+20) // some after the restart
			acked := load.Stop()
			for _, g := range gws {
				if code := post(t, g.URL+"/", checkinBody("OK", "after restart")); code != 204 {
					t.Errorf("check-in after the restart = %d; want 204", code)
				}
			}
			if lost := missing(t, gws[1], acked); len(lost) > 0 {
				t.Fatalf("%d of %d acknowledged check-ins are not stored, e.g. %q", len(lost), len(acked), lost[0])
			}
			if have := storedInfos(t, gws[0]); have["while down"] {
				t.Error(`"while down" got 503 but is stored`)
			}
			if load.codes[http.StatusServiceUnavailable] == 0 {
				t.Errorf("answers under load %v; want some 503 while the database was down", load.codes)
			}
			t.Logf("%d check-ins acknowledged, all stored; answers %v", len(acked), load.codes)
		})
	}
}

// waitAlive polls g's /alive until it answers want.
func waitAlive(t *testing.T, g *gatewaytest.Gateway, want int, limit time.Duration) {
	t.Helper()
	pollAlive(t, g.URL, want, limit, g.Stderr)
}

// The database unreachable at start: the gateway tries again for --db-wait, then exits 1
// naming the database without its password; a database that comes up in time is used.
func TestDatabaseUnreachableAtStart(t *testing.T) {
	cfg := servicesFile(t)
	t.Run("gives up", func(t *testing.T) {
		dsn := fmt.Sprintf("postgres://gw:s3cret@127.0.0.1:%d/checkins", checkintest.FreePort(t))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, gatewaytest.Binary(t), "--listen", checkintest.FreeAddr(t),
			"--config", cfg, "--db", dsn, "--db-wait", "1s")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 1 {
			t.Fatalf("exit code = %d (%v); want 1\n%s", code, err, out)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("gave up after %v; want about --db-wait", took)
		}
		for _, want := range []string{"postgres://gw:xxxxx@127.0.0.1", "connection refused", "see --db-wait", "trying again"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(string(out), "s3cret") {
			t.Errorf("output shows the password:\n%s", out)
		}
	})
	t.Run("waits for a late database", func(t *testing.T) {
		c := pgtest.NewCluster(t)
		if err := c.Stop(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		// The database starts once the gateway has tried it: its first connection is taken
		// here and dropped, as a database that is not up yet does.
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", c.Port))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		started := make(chan error, 1)
		go func() {
			conn, err := ln.Accept()
			if err == nil {
				conn.Close()
			}
			ln.Close()
			started <- errors.Join(err, c.Start())
		}()
		g := startOnPostgres(t, cfg, c.URL("postgres"), "--db-wait", "20s")
		if err := <-started; err != nil {
			t.Fatal(err)
		}
		if code := post(t, g.URL+"/", checkinBody("OK", "late")); code != 204 {
			t.Errorf("check-in = %d; want 204", code)
		}
		if !strings.Contains(g.Stderr.String(), "trying again") {
			t.Errorf("log lacks the retries:\n%s", g.Stderr)
		}
	})
}
