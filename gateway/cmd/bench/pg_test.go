package main

import (
	"context"
	"testing"

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
