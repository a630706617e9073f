package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// pgSeedRows is how many check-ins each service has in the PostgreSQL database before the runs,
// as in the small SQLite database of row 3a.
const pgSeedRows = 10

// pgResult is the PostgreSQL section: one gateway on a throwaway cluster on this machine, then
// two gateways on the same database with the load split between them.
type pgResult struct {
	skipped   string // why the section did not run: PostgreSQL is not installed
	version   string
	one, two  pgSetup
	deadlocks int // "deadlock detected" in the server's log: batches of two gateways the writer retried
}

// pgSetup is the rows of one setup, each the median of its rounds.
type pgSetup struct {
	alive, checkins, state loadResult
	perGateway             []loadResult // the check-ins each gateway answered
	cpu                    cpuTicks     // spent during the check-in runs, all rounds together
	stored                 int          // check-ins stored in those runs
	xacts                  int64        // write transactions in those runs
}

// runPostgres measures the PostgreSQL section and prints its table. When PostgreSQL is not
// installed its rows are printed as skipped, and count as met.
func runPostgres(o options, bin, dir, config string) (bool, error) {
	r, err := measurePostgres(o, bin, dir, config)
	if err != nil {
		return false, fmt.Errorf("postgres section: %w", err)
	}
	fmt.Printf("\nPostgreSQL %s on this machine (fsync and synchronous_commit on), %d services with %d check-ins each; "+
		"%d connections, split evenly between two gateways and each pinned to one; %d×%v runs per row, interleaved, medians\n\n",
		r.version, o.services, pgSeedRows, o.conns, o.rounds, o.each)
	return r.print(os.Stdout), nil
}

func measurePostgres(o options, bin, dir, config string) (pgResult, error) {
	port, err := freePort()
	if err != nil {
		return pgResult{}, err
	}
	c, err := pgtest.Throwaway(port)
	if errors.Is(err, pgtest.ErrMissing) {
		return pgResult{skipped: err.Error(), version: "(none)"}, nil
	}
	if err != nil {
		return pgResult{}, err
	}
	defer c.Remove()
	defer removeOnSignal(c)()
	if err := c.CreateDatabase("bench"); err != nil {
		return pgResult{}, err
	}
	url := c.URL("bench")
	r := pgResult{}
	if r.version, err = serverVersion(url); err != nil {
		return r, err
	}
	if err := seedPostgres(bin, dir, config, url, o.services); err != nil {
		return r, err
	}
	var gws []*gateway
	defer func() {
		for _, g := range gws {
			g.stop()
		}
	}()
	for i := range 2 {
		g, _, err := startGateway(bin, config, url, filepath.Join(dir, fmt.Sprintf("pg-%d.log", i+1)))
		if err != nil {
			return r, err
		}
		gws = append(gws, g)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return r, fmt.Errorf("connect to the bench cluster: %w", err)
	}
	defer conn.Close(ctx)
	r.one, r.two, err = measurePGRounds(o, c.Pid(), conn, gws)
	r.deadlocks = strings.Count(c.Log(), "deadlock detected")
	return r, err
}

// removeOnSignal removes the cluster when the bench is interrupted, and returns the function
// that stops watching. The server runs in a process group of its own, so Ctrl-C on make bench
// does not reach it: without this it would outlive the bench.
func removeOnSignal(c *pgtest.Cluster) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			fmt.Fprintf(os.Stderr, "bench: %v: removing the PostgreSQL cluster\n", sig)
			c.Remove()
			os.Exit(130)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// serverVersion asks the server for its major version.
func serverVersion(url string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", fmt.Errorf("connect to the bench cluster: %w", err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", err
	}
	major, _, _ := strings.Cut(v, ".")
	return major, nil
}

// seedPostgres gives each service pgSeedRows check-ins: seeded into a SQLite file as for the
// other rows, then copied with `checkin-gateway migrate-store`, the way an operator moves.
func seedPostgres(bin, dir, config, url string, services int) error {
	db := filepath.Join(dir, "pg-seed.db")
	if _, err := seed(db, services, pgSeedRows); err != nil {
		return fmt.Errorf("seed %d rows per service: %w", pgSeedRows, err)
	}
	t := time.Now()
	out, err := exec.Command(bin, "migrate-store", "--from", db, "--to", url, "--config", config).CombinedOutput()
	if err != nil {
		return fmt.Errorf("migrate-store: %w\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	fmt.Printf("PostgreSQL: migrate-store took %v: %s\n", time.Since(t).Round(time.Millisecond), lines[len(lines)-1])
	return nil
}
