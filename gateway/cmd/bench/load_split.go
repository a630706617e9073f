package main

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// runSplit is runLoad over several gateways: connection c is pinned to addrs[c%len(addrs)], as
// a load balancer keeps each client connection on one backend. It returns the whole load and
// each gateway's part of it, all over the same elapsed time.
func runSplit(addrs []string, conns int, d time.Duration, req request, want int) (loadResult, []loadResult, error) {
	var wg sync.WaitGroup
	lat := make([][]time.Duration, conns)
	errs := make([]error, conns)
	start := time.Now()
	deadline := start.Add(d)
	for c := range conns {
		wg.Go(func() { lat[c], errs[c] = worker(addrs[c%len(addrs)], c, deadline, req, want) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := firstError(errs); err != nil {
		return loadResult{}, nil, err
	}
	per := make([]loadResult, len(addrs))
	for g := range addrs {
		var mine [][]time.Duration
		for c := g; c < conns; c += len(addrs) {
			mine = append(mine, lat[c])
		}
		per[g] = summarise(mine, elapsed)
	}
	all := summarise(lat, elapsed)
	if all.requests == 0 {
		return loadResult{}, nil, fmt.Errorf("no request was answered")
	}
	return all, per, nil
}

// summarise makes one loadResult of the latencies of several connections.
func summarise(lat [][]time.Duration, elapsed time.Duration) loadResult {
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return loadResult{elapsed: elapsed}
	}
	slices.Sort(all)
	return loadResult{requests: len(all), elapsed: elapsed, p50: pct(all, 0.50), p99: pct(all, 0.99)}
}
