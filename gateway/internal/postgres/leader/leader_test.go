package leader

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv(childEnv); dsn != "" {
		os.Exit(runChild(dsn)) // a candidate in a process of its own (hang_test.go)
	}
	os.Exit(pgtest.Run(m))
}

// mustOpen opens the database at dsn, closed when the test ends.
func mustOpen(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(t testing.TB, s *postgres.Store, c storage.Checkin) {
	t.Helper()
	if err := s.Add(context.Background(), c); err != nil {
		t.Fatalf("Add(%s %v): %v", c.Service, c.Status, err)
	}
}

var t0 = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// election is candidates taking part in one election, as gateways do, with a record of who
// leads: never more than one at a time (overlap counts any moment of two).
type election struct {
	leading atomic.Int32 // terms running now
	overlap atomic.Int32 // times a term started while another ran
	cands   []*candidate
}

type candidate struct {
	stop   context.CancelFunc
	done   chan struct{}
	leads  atomic.Bool
	terms  atomic.Int32
	mu     sync.Mutex
	stored []string
	// endTerm is what a term returns once its context ended; by default nothing.
	endTerm func() []string
}

// fastTiming is the tests' election: a try every 100ms, a heartbeat every 300ms, and the
// server ends a session silent for 2s (the lease lapses after 1.4s).
var fastTiming = []Option{WithTiming(100*time.Millisecond, 300*time.Millisecond), WithIdleTimeout(2 * time.Second)}

// elect starts n candidates on dsn, stopped when the test ends.
func elect(t *testing.T, dsn string, n int) *election {
	t.Helper()
	e := &election{}
	for range n {
		e.add(t, dsn)
	}
	return e
}

// add starts one more candidate on dsn.
func (e *election) add(t *testing.T, dsn string) *candidate {
	t.Helper()
	l, err := New(dsn, nil, fastTiming...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &candidate{stop: cancel, done: make(chan struct{}), endTerm: func() []string { return nil }}
	go func() {
		defer close(c.done)
		l.Lead(ctx, func(ctx context.Context, lease *Lease) []string {
			if !lease.Held() {
				t.Error("a term started without its lease")
			}
			if e.leading.Add(1) > 1 {
				e.overlap.Add(1)
			}
			c.terms.Add(1)
			c.leads.Store(true)
			<-ctx.Done()
			c.leads.Store(false)
			e.leading.Add(-1)
			c.mu.Lock()
			end := c.endTerm
			c.mu.Unlock()
			return end()
		}, func(service string) {
			if !c.leads.Load() {
				t.Errorf("stored(%q) outside a term", service)
			}
			c.mu.Lock()
			c.stored = append(c.stored, service)
			c.mu.Unlock()
		})
	}()
	t.Cleanup(func() { c.resign() })
	e.cands = append(e.cands, c)
	return c
}

// resign stops the candidate and waits until it has left.
func (c *candidate) resign() {
	c.stop()
	<-c.done
}

func (c *candidate) heard(service string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stored {
		if s == service {
			return true
		}
	}
	return false
}

// leader waits up to limit for exactly one leader among the candidates still running.
func (e *election) leader(t *testing.T, limit time.Duration) *candidate {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var leads []*candidate
		for _, c := range e.cands {
			if c.leads.Load() {
				leads = append(leads, c)
			}
		}
		if len(leads) == 1 {
			return leads[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d leaders after %v; want 1", len(leads), limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitHeard waits up to limit for c to be told of service.
func waitHeard(t *testing.T, c *candidate, service string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for !c.heard(service) {
		if time.Since(start) > limit {
			t.Fatalf("the leader was not told of %s within %v", service, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// One of three candidates leads; it hears every check-in stored by any store on the database,
// and nobody else does. When it resigns or its session is ended by the server, another takes
// over within a few tries and hears what follows. Never do two lead at once.
func TestLeaderOneAtATimeHearsEveryCheckin(t *testing.T) {
	dsn := pgtest.Start(t)
	a, b := mustOpen(t, dsn), mustOpen(t, dsn)
	e := elect(t, dsn, 3)
	first := e.leader(t, 5*time.Second)
	for i, s := range []*postgres.Store{a, b} {
		service := fmt.Sprintf("via-store-%d", i)
		mustAdd(t, s, storage.Checkin{Service: service, Status: checkin.OK, At: t0})
		t.Logf("%s heard after %v", service, waitHeard(t, first, service, 2*time.Second))
	}
	for _, c := range e.cands {
		if c != first && (c.heard("via-store-0") || c.heard("via-store-1")) {
			t.Error("a candidate that does not lead was told of check-ins")
		}
	}

	// The leader resigns (a gateway stopping): another leads.
	start := time.Now()
	first.resign()
	second := e.leader(t, 5*time.Second)
	t.Logf("takeover after a resignation: %v", time.Since(start))
	mustAdd(t, a, storage.Checkin{Service: "after-resign", Status: checkin.Warning, At: t0})
	waitHeard(t, second, "after-resign", 2*time.Second)

	// The server ends the leader's session (as it does when the gateway is killed): the last
	// candidate leads; the one cut off notices and stops leading.
	start = time.Now()
	terminateLockHolder(t, dsn)
	var third *candidate
	deadline := time.Now().Add(5 * time.Second)
	for third == nil || third == second {
		third = e.leader(t, 5*time.Second)
		if time.Now().After(deadline) {
			t.Fatal("the candidate whose session ended still leads")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("takeover after the session ended: %v", time.Since(start))
	mustAdd(t, b, storage.Checkin{Service: "after-terminate", Status: checkin.Critical, At: t0})
	waitHeard(t, third, "after-terminate", 2*time.Second)
	if n := e.overlap.Load(); n != 0 {
		t.Errorf("two candidates led at once %d times", n)
	}
}

// terminateLockHolder ends, from the server's side, the session that holds the leader lock of
// dsn's schema.
func terminateLockHolder(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var ok bool
	err = conn.QueryRow(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
		AND classid = 20813 AND objid::bigint = ('x' || left(md5(current_schema()), 8))::bit(32)::bigint AND granted`).Scan(&ok)
	if err != nil || !ok {
		t.Fatalf("terminate the lock holder: %v %v", ok, err)
	}
}

// The server restarts (a fast shutdown, or a crash): every session ends, and once it is back
// exactly one candidate leads again, within the takeover time; at no moment two.
func TestLeaderAfterServerRestart(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			c := pgtest.NewCluster(t)
			e := elect(t, c.URL("postgres"), 2)
			e.leader(t, 5*time.Second)
			if err := c.Stop(sig); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for e.leading.Load() != 0 {
				if time.Now().After(deadline) {
					t.Fatal("a candidate still leads 5s after the server stopped")
				}
				time.Sleep(10 * time.Millisecond)
			}
			start := time.Now()
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			e.leader(t, 10*time.Second)
			t.Logf("a leader %v after the server was back", time.Since(start).Round(time.Millisecond))
			if n := e.overlap.Load(); n != 0 {
				t.Errorf("two candidates led at once %d times", n)
			}
		})
	}
}

// A gateway that does not lead keeps its one connection between tries: the election costs
// PostgreSQL no new session a second per gateway.
func TestLeaderFollowerKeepsItsConnection(t *testing.T) {
	dsn := pgtest.Start(t)
	e := elect(t, dsn, 2)
	e.leader(t, 5*time.Second)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	pids := map[int32]bool{}
	for range 10 { // a second: ten tries of the follower
		rows, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = 'checkin-gateway push leader'
			AND datname = current_database()`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var pid int32
			if err := rows.Scan(&pid); err != nil {
				t.Fatal(err)
			}
			pids[pid] = true
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(pids) != 2 {
		t.Errorf("%d election sessions seen in a second; want 2 (one per candidate, kept)", len(pids))
	}
}
