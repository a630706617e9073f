package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The service with the long, all-CRITICAL history of issue 11: its newest OK check-in is far
// away (there is none), which is what once made the first check-in after start-up wait for
// seconds.
const (
	hugeService = "bench-huge"
	hugeToken   = "token-huge-bench"
)

// startupRounds is how many fresh starts the start-up row makes; each starts from its own copy
// of the seeded database, and the median round is reported.
const startupRounds = 3

// hugeResult is the huge-history section: seeding, start-ups, and reads while writing.
type hugeResult struct {
	seeded      time.Duration // storagetest.Seed of the whole database
	dbBytes     int64
	startup     time.Duration // to the first /alive, median
	firstSecond loadResult    // check-ins in the first second after /alive, median round
	reads       readResult    // rows_history_read.go
}

// measureHuge seeds one database with o.huge CRITICAL check-ins of one service plus 10 of each
// ordinary service, then starts gateways on copies of it: check-ins begin the moment /alive
// answers. The last gateway stays up for the history-read row.
func measureHuge(o options, dir, bin, config string) (hugeResult, error) {
	var r hugeResult
	hugeConfig, seeded := filepath.Join(dir, "huge.json"), filepath.Join(dir, "huge-seed.db")
	// No history cap: the rows measure reading a history of o.huge check-ins.
	extra := services{hugeService: {"token": hugeToken, "timeout": "1d", "owner": "bench", "history_max_bytes": 0}}
	if err := variant(config, hugeConfig, nil, extra); err != nil {
		return r, err
	}
	t := time.Now()
	size, err := seedHuge(seeded, o.services, o.huge)
	if err != nil {
		return r, fmt.Errorf("seed %d rows of %s: %w", o.huge, hugeService, err)
	}
	r.seeded, r.dbBytes = time.Since(t), size
	fmt.Printf("seeded %d CRITICAL check-ins of %s and 10 of each other service in %v: %.1f MB\n",
		o.huge, hugeService, r.seeded.Round(time.Millisecond), float64(size)/1e6)

	reqs := hugeCheckins(o.services)
	var starts []time.Duration
	var firsts []loadResult
	for i := range startupRounds {
		db := filepath.Join(dir, fmt.Sprintf("huge-%d.db", i))
		if err := copyFile(seeded, db); err != nil {
			return r, err
		}
		g, took, err := startGateway(bin, hugeConfig, db, filepath.Join(dir, "huge.log"))
		if err != nil {
			return r, err
		}
		first, err := runLoad(g.addr, o.conns, time.Second, rotateFromHuge(reqs), 204)
		if err == nil && i == startupRounds-1 {
			r.reads, err = measureReads(o, g, reqs)
		}
		if stopErr := g.stop(); err == nil && stopErr != nil {
			err = fmt.Errorf("stop gateway: %w", stopErr)
		}
		if err != nil {
			return r, fmt.Errorf("huge history, round %d: %w", i+1, err)
		}
		for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
			os.Remove(db + suffix) // only to free the disk; the temp folder goes at the end
		}
		starts, firsts = append(starts, took), append(firsts, first)
	}
	slices.Sort(starts)
	r.startup, r.firstSecond = starts[len(starts)/2], median(firsts)
	return r, nil
}

// seedHuge writes the huge-history database through storagetest.Seed, as the store imports:
// 10 check-ins of each ordinary service, then n CRITICAL ones of hugeService, one a minute.
func seedHuge(path string, services, n int) (int64, error) {
	now := time.Now()
	return seedFile(path, func(yield func(storage.Checkin) bool) {
		for k := range 10 {
			for i := range services {
				c := storage.Checkin{Service: serviceName(i), Status: checkin.OK, Info: seedInfo, At: now.Add(-time.Duration(10-k) * time.Minute)}
				if !yield(c) {
					return
				}
			}
		}
		for k := range n {
			c := storage.Checkin{Service: hugeService, Status: checkin.Critical, Info: seedInfo, At: now.Add(-time.Duration(n-k) * time.Minute)}
			if !yield(c) {
				return
			}
		}
	})
}

// hugeCheckins are check-ins for hugeService (first) and every ordinary service.
func hugeCheckins(n int) [][]byte {
	reqs := make([][]byte, 0, n+1)
	add := func(name, token string) {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "bench check-in"}`, name, token)
		reqs = append(reqs, fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	}
	add(hugeService, hugeToken)
	for i := range n {
		add(serviceName(i), serviceToken(i))
	}
	return reqs
}

// rotateFromHuge rotates over reqs; the first connection's first check-in is hugeService's.
func rotateFromHuge(reqs [][]byte) request {
	return func(c, i int) []byte { return reqs[(c*7919+i)%len(reqs)] }
}

// copyFile copies a closed database file, so that each start-up begins from the same state.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}

// printStartupRow writes the start-up row: the first second's p99 against the steady p99 of
// row 2 (issue 11 §2).
func (m measurements) printStartupRow(w io.Writer, o options, verdict func(bool) string) {
	h := m.huge
	r := float64(h.firstSecond.p99) / float64(m.checkins.p99)
	fmt.Fprintf(w, "7a\tcheck-ins in the first second after start-up, %d CRITICAL rows in one service + %d services, median of %d starts\t%.0f req/s, p50 %s, p99 %s; p99 %.2f× row 2; /alive after %s\tp99 ≤ 3× row 2: %s\t\n",
		o.huge, o.services, startupRounds, h.firstSecond.perSecond(), ms(h.firstSecond.p50), ms(h.firstSecond.p99), r,
		ms(h.startup), verdict(r <= 3))
}
