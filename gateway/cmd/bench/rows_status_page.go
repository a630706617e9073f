package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The status page rows: one service with pageCheckins check-ins of pageInfo bytes in its last
// 14 days (a flood a history cap would stop; this service has none). Its page once cost 2.7
// CPU-seconds, since it read every info to draw the timeline; eight at once took check-ins'
// p99 ×12.
const (
	pageService     = "bench-page-flood"
	pageToken       = "token-page-flood-bench"
	pageCheckins    = 20_000
	pageInfo        = 60_000
	pageRequests    = 20 // pages a round, one after the other, for the CPU a page
	pagesAtOnce     = 8
	maxPageCPU      = 50 * time.Millisecond
	maxPageSlowdown = 2.0
	pageRounds      = 9 // at least
)

// pageResult is what the status page rows measured (medians of the rounds).
type pageResult struct {
	seeded         time.Duration
	dbBytes        int64
	cpu            time.Duration // the gateway's CPU for one page
	quiet, paging  loadResult    // other services' check-ins alone, and while pagesAtOnce pages load
	pagesPerSecond float64       // pages loaded meanwhile (median of the rounds)
}

// measureStatusPage seeds the flooded service, then measures in o.rounds interleaved rounds the
// gateway's CPU per page and other check-ins' latency with and without pagesAtOnce clients
// loading the page over and over.
func measureStatusPage(o options, dir, bin, config string) (pageResult, error) {
	var r pageResult
	cfg, db := filepath.Join(dir, "page.json"), filepath.Join(dir, "page.db")
	extra := services{pageService: {"token": pageToken, "timeout": "1d", "history_max_bytes": 0}}
	if err := variant(config, cfg, nil, extra); err != nil {
		return r, err
	}
	t := time.Now()
	info := strings.Repeat("x", pageInfo-6)
	size, err := seedFile(db, func(yield func(storage.Checkin) bool) {
		now := time.Now()
		for i := range pageCheckins {
			st := checkin.OK
			if i%50 == 0 {
				st = checkin.Critical
			}
			c := storage.Checkin{Service: pageService, Status: st, Info: fmt.Sprintf("%06d", i) + info, At: now.Add(-time.Duration(i) * time.Minute)}
			if !yield(c) {
				return
			}
		}
	})
	if err != nil {
		return r, fmt.Errorf("seed %d check-ins of %d bytes: %w", pageCheckins, pageInfo, err)
	}
	r.seeded, r.dbBytes = time.Since(t), size
	fmt.Printf("seeded %d check-ins of %d bytes of %s in %v: %.1f MB\n", pageCheckins, pageInfo, pageService,
		r.seeded.Round(time.Millisecond), float64(size)/1e6)
	g, _, err := startGateway(bin, cfg, db, filepath.Join(dir, "page.log"))
	if err != nil {
		return r, err
	}
	defer g.stop()
	page := "http://" + g.addr + "/status/" + pageService
	reqs := hugeCheckins(o.services)[1:] // every other service's check-in
	rotate := func(c, i int) []byte { return reqs[(c*7919+i)%len(reqs)] }
	var cpus []time.Duration
	var rates []float64
	var quiet, paging []loadResult
	// More rounds than the other rows: the quiet p99 alone moves between 7 and 17 ms from run
	// to run on this machine, and this row is a ratio of two p99s.
	for range max(o.rounds, pageRounds) {
		c, err := pageCPU(g, page)
		if err != nil {
			return r, err
		}
		q, err := runLoad(g.addr, o.conns, o.each, rotate, 204)
		if err != nil {
			return r, fmt.Errorf("check-ins without pages: %w", err)
		}
		stop := loadPages(page, pagesAtOnce)
		t := time.Now()
		p, err := runLoad(g.addr, o.conns, o.each, rotate, 204)
		loaded, perr := stop()
		rates = append(rates, float64(loaded)/time.Since(t).Seconds())
		if err == nil && perr != nil {
			err = perr
		}
		if err != nil {
			return r, fmt.Errorf("check-ins with %d pages: %w", pagesAtOnce, err)
		}
		cpus, quiet, paging = append(cpus, c), append(quiet, q), append(paging, p)
	}
	slices.Sort(cpus)
	slices.Sort(rates)
	r.cpu, r.quiet, r.paging, r.pagesPerSecond = cpus[len(cpus)/2], median(quiet), median(paging), rates[len(rates)/2]
	return r, nil
}

// pageCPU loads the page pageRequests times, one after the other, and returns the gateway's
// CPU time for one.
func pageCPU(g *gateway, page string) (time.Duration, error) {
	pid := strconv.Itoa(g.cmd.Process.Pid)
	before, err := procTicks(pid)
	if err != nil {
		return 0, err
	}
	for range pageRequests {
		if err := getPage(http.DefaultClient, page); err != nil {
			return 0, err
		}
	}
	after, err := procTicks(pid)
	if err != nil {
		return 0, err
	}
	return time.Duration(after-before) * clockTick / pageRequests, nil
}

// loadPages has n clients load the page over and over until stop, which returns how many
// pages they loaded and the first error one met.
func loadPages(page string, n int) (stop func() (int, error)) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	var loaded atomic.Int64
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := getPage(client, page); err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
					return
				}
				loaded.Add(1)
			}
		})
	}
	return func() (int, error) { close(done); wg.Wait(); return int(loaded.Load()), first }
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func getPage(client *http.Client, page string) error {
	resp, err := client.Get(page)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s = %d", page, resp.StatusCode)
	}
	return nil
}

// printStatusPage prints the status page rows and reports whether their targets are met.
func printStatusPage(w io.Writer, r pageResult) bool {
	slowdown := float64(r.paging.p99) / float64(r.quiet.p99)
	cpuMet, slowMet := r.cpu <= maxPageCPU, slowdown <= maxPageSlowdown
	fmt.Fprintf(w, "\nstatus page of a service with %d check-ins of %d bytes (14 days)\n", pageCheckins, pageInfo)
	fmt.Fprintf(w, "| row | measured | target | met |\n|---|---|---|---|\n")
	fmt.Fprintf(w, "| service page: gateway CPU a page | %v | ≤ %v | %s |\n", r.cpu.Round(time.Millisecond), maxPageCPU, yes(cpuMet))
	fmt.Fprintf(w, "| %d pages at once: other check-ins' p99 | %v vs %v quiet (%.2f×); p50 %v vs %v; %.0f vs %.0f check-ins/s; %.1f pages/s | ≤ %.1f× | %s |\n", pagesAtOnce,
		r.paging.p99.Round(10*time.Microsecond), r.quiet.p99.Round(10*time.Microsecond), slowdown,
		r.paging.p50.Round(10*time.Microsecond), r.quiet.p50.Round(10*time.Microsecond), r.paging.perSecond(), r.quiet.perSecond(),
		r.pagesPerSecond, maxPageSlowdown, yes(slowMet))
	return cpuMet && slowMet
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// runStatusPage runs only the status page rows (-page-only).
func runStatusPage(o options, dir, bin, config string) (bool, error) {
	r, err := measureStatusPage(o, dir, bin, config)
	if err != nil {
		return false, err
	}
	return printStatusPage(os.Stdout, r), nil
}
