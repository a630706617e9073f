package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// nextXID moves by one for each transaction that writes and not at all for reads, so that the
// PostgreSQL rows can count check-in batches.
func TestNextXIDCountsWriteTransactions(t *testing.T) {
	c := pgtest.NewCluster(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
		t.Fatal(err)
	}
	before, err := nextXID(conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"INSERT INTO t VALUES (1)", "SELECT count(*) FROM t", "INSERT INTO t VALUES (2), (3)", "SELECT 1", "UPDATE t SET x = x + 1"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	after, err := nextXID(conn)
	if err != nil {
		t.Fatal(err)
	}
	if got := after - before; got != 3 {
		t.Errorf("nextXID moved by %d over 3 writes and 2 reads; want 3", got)
	}
}

func TestPerTransaction(t *testing.T) {
	tests := []struct {
		stored int
		xacts  int64
		want   string
	}{
		{1000, 40, "25.0"},
		{7, 2, "3.5"},
		{100, 0, "-"},
	}
	for _, tt := range tests {
		if got := perTransaction(tt.stored, tt.xacts); got != tt.want {
			t.Errorf("perTransaction(%d, %d) = %q; want %q", tt.stored, tt.xacts, got, tt.want)
		}
	}
}

// The section's verdicts: skipped rows count as met, and each target fails on its own.
func TestPostgresTargets(t *testing.T) {
	rate := func(perSecond int) loadResult { return loadResult{requests: perSecond, elapsed: time.Second} }
	setup := func(alive, checkins int, per ...int) pgSetup {
		s := pgSetup{alive: rate(alive), checkins: rate(checkins), state: rate(alive / 4)}
		for _, p := range per {
			s.perGateway = append(s.perGateway, rate(p))
		}
		return s
	}
	tests := []struct {
		name     string
		r        pgResult
		want     bool
		wantText string
	}{
		{"not installed", pgResult{skipped: "PostgreSQL (initdb, postgres) is not installed"}, true, "skipped: PostgreSQL"},
		{"both met", pgResult{one: setup(20000, 5000), two: setup(20000, 4000, 2000, 2000)}, true, "(2000 + 2000 req/s)"},
		{"one gateway too slow", pgResult{one: setup(20000, 4000), two: setup(20000, 4000, 2000, 2000)}, false, "≥ 0.25× p1: NOT MET"},
		{"two gateways lose more than a quarter", pgResult{one: setup(20000, 6000), two: setup(20000, 4400, 2200, 2200)}, false, "≥ 0.75× p2: NOT MET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			if got := tt.r.print(&out); got != tt.want {
				t.Errorf("print = %v; want %v\n%s", got, tt.want, out.String())
			}
			if !strings.Contains(out.String(), tt.wantText) {
				t.Errorf("print wrote\n%s\nwant it to hold %q", out.String(), tt.wantText)
			}
		})
	}
}

// Interrupted, the bench removes its cluster, which Ctrl-C does not reach (the server runs in
// a process group of its own). The test runs itself as a child that starts a cluster, and
// interrupts it.
func TestInterruptRemovesTheCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster: skipped under -short")
	}
	if os.Getenv("BENCH_TEST_CHILD") == "1" {
		c, err := pgtest.Throwaway(checkintest.FreePort(t))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		defer removeOnSignal(c)()
		fmt.Println(c.Pid())
		time.Sleep(time.Minute)
		c.Remove()
		os.Exit(4)
	}
	if _, err := exec.LookPath("initdb"); err != nil {
		if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(dirs) == 0 {
			checkintest.SkipOrFail(t, "PostgreSQL (initdb, postgres) is not installed")
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptRemovesTheCluster$")
	cmd.Env = append(os.Environ(), "BENCH_TEST_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	pid, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil || pid == 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q (%v); want the postmaster's pid", line, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Errorf("interrupted child exited with %v; want exit status 130", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for processExists(pid) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if processExists(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("postmaster %d still runs after the bench was interrupted", pid)
	}
}

// processExists reports whether pid runs (a zombie, exited but not yet reaped, does not count).
func processExists(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}
