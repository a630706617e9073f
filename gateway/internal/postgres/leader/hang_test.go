package leader

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// childEnv, set to a database URL, makes the test binary a candidate of its own (runChild),
// which a test can stop and resume as a whole process.
const childEnv = "CHECKIN_LEADER_TEST_CHILD"

// runChild takes part in the election on dsn with the tests' timing. It prints "lead" when a
// term starts, "push <unix nanoseconds>" each time its lease lets it push (every 20ms), and
// "end" when the term ends; it stops at SIGTERM.
func runChild(dsn string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	l, err := New(dsn, nil, fastTiming...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	l.Lead(ctx, func(ctx context.Context, lease *Lease) []string {
		say("lead")
		defer say("end")
		for lease.Wait(ctx) {
			say("push %d", time.Now().UnixNano())
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(20 * time.Millisecond):
			}
		}
		<-ctx.Done()
		return nil
	}, func(string) {})
	return 0
}

// child is a candidate in a process of its own, and what it printed.
type child struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
}

func startChild(t *testing.T, dsn string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0])}
	c.cmd.Env = append(os.Environ(), childEnv+"="+dsn)
	c.cmd.Stderr = os.Stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			c.mu.Lock()
			c.lines = append(c.lines, s.Text())
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = c.cmd.Process.Signal(syscall.SIGCONT)
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
	})
	return c
}

// said counts the lines that are word, or start with it and a space.
func (c *child) said(word string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, l := range c.lines {
		if l == word || strings.HasPrefix(l, word+" ") {
			n++
		}
	}
	return n
}

// pushesSince are the child's pushes at or after from.
func (c *child) pushesSince(t *testing.T, from time.Time) []time.Time {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var at []time.Time
	for _, l := range c.lines {
		ns, ok := strings.CutPrefix(l, "push ")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(ns, 10, 64)
		if err != nil {
			t.Fatalf("child said %q", l)
		}
		if p := time.Unix(0, n); !p.Before(from) {
			at = append(at, p)
		}
	}
	return at
}

func (c *child) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// A leader that hangs with its connection open (SIGSTOP) loses the lead: PostgreSQL ends its
// silent session after the idle timeout (2s here), and another candidate takes over. When the
// hung one resumes (SIGCONT), its lease has lapsed: it pushes nothing more, its term ends, and
// it follows. At no moment do two push.
func TestLeaderHungIsReplaced(t *testing.T) {
	dsn := pgtest.Start(t)
	hung := startChild(t, dsn)
	waitFor(t, 10*time.Second, "term of the child", func() bool { return hung.said("push") > 0 })
	e := elect(t, dsn, 1)
	time.Sleep(500 * time.Millisecond)
	if e.leading.Load() != 0 {
		t.Fatal("a second candidate leads while the child does")
	}

	stopped := time.Now()
	hung.signal(t, syscall.SIGSTOP)
	next := e.leader(t, 10*time.Second)
	tookOver := time.Now()
	t.Logf("takeover %v after SIGSTOP of the leader (idle timeout 2s)", tookOver.Sub(stopped).Round(time.Millisecond))
	time.Sleep(time.Second) // the new leader works a while

	resumed := time.Now()
	hung.signal(t, syscall.SIGCONT)
	waitFor(t, 5*time.Second, "end of the resumed child's term", func() bool { return hung.said("end") > 0 })
	time.Sleep(500 * time.Millisecond) // a few tries of the child
	if p := hung.pushesSince(t, resumed); len(p) > 0 {
		t.Errorf("the resumed child pushed %d times after SIGCONT, first %v after; want none", len(p), p[0].Sub(resumed))
	}
	if p := hung.pushesSince(t, tookOver.Add(-time.Second)); len(p) > 0 {
		t.Errorf("the child pushed %d times in the second before the takeover or later; want none", len(p))
	}
	if n := hung.said("lead"); n != 1 {
		t.Errorf("the child led %d times; want once", n)
	}
	if !next.leads.Load() {
		t.Error("the new leader lost the lead when the hung one resumed")
	}
}
