package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// measurePGRounds runs the PostgreSQL rows in interleaved rounds: /alive, check-ins and state
// queries on the first gateway alone, then the same split between both. Around every check-in
// run it samples the CPU time of PostgreSQL, the gateways and this program, and the server's
// next transaction id (conn is this program's own connection).
func measurePGRounds(o options, pgPid int, conn *pgx.Conn, gws []*gateway) (one, two pgSetup, err error) {
	alive := []byte("GET /alive HTTP/1.1\r\nHost: bench\r\n\r\n")
	checkins, states := checkinRequests(o.services), stateRequests(o.services)
	pids := make([]int, len(gws))
	for i, g := range gws {
		pids[i] = g.cmd.Process.Pid
	}
	oneAddr, twoAddrs := []string{gws[0].addr}, []string{gws[0].addr, gws[1].addr}
	type run struct {
		row   string
		addrs []string
		req   request
		want  int
		cpu   bool
		out   []loadResult
		per   [][]loadResult
		ticks cpuTicks
		xacts int64
	}
	runs := []*run{
		{row: "p1", addrs: oneAddr, req: func(int, int) []byte { return alive }, want: 204},
		{row: "p2", addrs: oneAddr, req: rotate(checkins), want: 204, cpu: true},
		{row: "p3", addrs: oneAddr, req: rotate(states), want: 200},
		{row: "p4", addrs: twoAddrs, req: func(int, int) []byte { return alive }, want: 204},
		{row: "p5", addrs: twoAddrs, req: rotate(checkins), want: 204, cpu: true},
		{row: "p6", addrs: twoAddrs, req: rotate(states), want: 200},
	}
	// Warm up both gateways: their connection pools, PostgreSQL's caches, the Go runtime.
	for _, r := range runs[4:] {
		if _, _, err := runSplit(r.addrs, o.conns, o.each/3, r.req, r.want); err != nil {
			return one, two, fmt.Errorf("warm-up for row %s: %w", r.row, err)
		}
	}
	for range o.rounds {
		for _, r := range runs {
			var before usage
			if r.cpu {
				if before, err = readUsage(pgPid, pids, conn); err != nil {
					return one, two, err
				}
			}
			res, per, err := runSplit(r.addrs, o.conns, o.each, r.req, r.want)
			if err != nil {
				return one, two, fmt.Errorf("row %s: %w", r.row, err)
			}
			if r.cpu {
				after, err := readUsage(pgPid, pids, conn)
				if err != nil {
					return one, two, err
				}
				r.ticks = r.ticks.add(after.cpu.sub(before.cpu))
				r.xacts += after.xid - before.xid
			}
			r.out, r.per = append(r.out, res), append(r.per, per)
		}
	}
	setup := func(a, c, s *run) pgSetup {
		st := pgSetup{alive: median(a.out), checkins: median(c.out), state: median(s.out), cpu: c.ticks, xacts: c.xacts}
		for _, res := range c.out {
			st.stored += res.requests
		}
		for g := range c.addrs {
			var mine []loadResult
			for _, per := range c.per {
				mine = append(mine, per[g])
			}
			st.perGateway = append(st.perGateway, median(mine))
		}
		return st
	}
	return setup(runs[0], runs[1], runs[2]), setup(runs[3], runs[4], runs[5]), nil
}

// rotate spreads a connection's requests over reqs, each connection starting elsewhere.
func rotate(reqs [][]byte) request {
	return func(c, i int) []byte { return reqs[(c*7919+i)%len(reqs)] }
}

// checkinRequests are row 2's durable check-ins, one per service.
func checkinRequests(n int) [][]byte {
	reqs := make([][]byte, n)
	for i := range n {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "bench check-in"}`, serviceName(i), serviceToken(i))
		reqs[i] = fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	return reqs
}

// stateRequests are row 3's state queries, one per service.
func stateRequests(n int) [][]byte {
	reqs := make([][]byte, n)
	for i := range n {
		reqs[i] = fmt.Appendf(nil, "GET /report?service=%s HTTP/1.1\r\nHost: bench\r\n\r\n", serviceName(i))
	}
	return reqs
}

// usage is what the bench reads before and after a check-in run.
type usage struct {
	cpu cpuTicks
	xid int64
}

func readUsage(pgPid int, gateways []int, conn *pgx.Conn) (usage, error) {
	var u usage
	var err error
	if u.cpu, err = sampleCPU(pgPid, gateways); err != nil {
		return u, err
	}
	u.xid, err = nextXID(conn)
	return u, err
}

// nextXID is the server's next transaction id. Every transaction that writes takes one and a
// read takes none, so the difference of two is how many write transactions (check-in batches,
// here) ran in between.
func nextXID(conn *pgx.Conn) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var x int64
	if err := conn.QueryRow(ctx, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint").Scan(&x); err != nil {
		return 0, fmt.Errorf("read the next transaction id: %w", err)
	}
	return x, nil
}
