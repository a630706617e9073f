package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
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
