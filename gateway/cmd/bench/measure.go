package main

import (
	"fmt"
	"slices"
	"time"
)

// measurements are the numbers of one run.
type measurements struct {
	alive, checkins, stateSmall, stateBig loadResult
	// noop is a request the router answers without any database work (a JSON 404), to show
	// what /alive's own database query costs; it sets no target.
	noop         loadResult
	ping         loadResult     // POST /ping/<uuid>: rows_ping.go
	schedule     scheduleResult // rows_schedule.go
	huge         hugeResult     // rows_startup.go
	flood        floodResult    // rows_bounds.go
	idle         idleResult     // rows_idle.go
	plugin, curl time.Duration  // 0 when the plugin is not built
	rssKiB       int
	startup      time.Duration
}

// measure runs the load rows in interleaved rounds against the big-database gateway (and the
// small one for the 10-row state queries) and keeps each row's median round.
func measure(o options, big, small *gateway) (measurements, error) {
	alive := []byte("GET /alive HTTP/1.1\r\nHost: bench\r\n\r\n")
	noop := []byte("GET /nowhere HTTP/1.1\r\nHost: bench\r\n\r\n")
	checkins := make([][]byte, o.services)
	states := make([][]byte, o.services)
	for i := range o.services {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "bench check-in"}`, serviceName(i), serviceToken(i))
		checkins[i] = fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		states[i] = fmt.Appendf(nil, "GET /report?service=%s HTTP/1.1\r\nHost: bench\r\n\r\n", serviceName(i))
	}
	rotate := func(reqs [][]byte) request {
		return func(c, i int) []byte { return reqs[(c*7919+i)%len(reqs)] }
	}
	runs := []struct {
		gw   *gateway
		req  request
		want int
		out  []loadResult
	}{
		{big, func(int, int) []byte { return alive }, 204, nil},
		{big, rotate(checkins), 204, nil},
		{small, rotate(states), 200, nil},
		{big, rotate(states), 200, nil},
		{big, func(int, int) []byte { return noop }, 404, nil},
		{big, rotate(pingRequests(o.services)), 200, nil},
	}
	// Warm up both gateways: connections, caches, the Go runtime.
	for _, r := range runs[2:4] {
		if _, err := runLoad(r.gw.addr, o.conns, o.each/3, r.req, r.want); err != nil {
			return measurements{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	for range o.rounds {
		for k := range runs {
			res, err := runLoad(runs[k].gw.addr, o.conns, o.each, runs[k].req, runs[k].want)
			if err != nil {
				return measurements{}, fmt.Errorf("load run %d: %w", k, err)
			}
			runs[k].out = append(runs[k].out, res)
		}
	}
	return measurements{
		alive: median(runs[0].out), checkins: median(runs[1].out),
		stateSmall: median(runs[2].out), stateBig: median(runs[3].out),
		noop: median(runs[4].out), ping: median(runs[5].out),
	}, nil
}

// median takes, field by field, the median of the rounds.
func median(rs []loadResult) loadResult {
	pick := func(f func(loadResult) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return loadResult{
		requests: int(pick(func(r loadResult) float64 { return r.perSecond() })),
		elapsed:  time.Second,
		p50:      time.Duration(pick(func(r loadResult) float64 { return float64(r.p50) })),
		p99:      time.Duration(pick(func(r loadResult) float64 { return float64(r.p99) })),
	}
}
