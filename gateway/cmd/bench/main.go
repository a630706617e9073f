// Command bench measures the gateway as `make bench` runs it: release binaries from bin/, 1,000
// services, a temp database, load from this program over loopback. It prints one table whose
// rows are all measured in the same run, so that their ratios hold on a noisy machine, and exits
// 1 when a target is not met.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

type options struct {
	bin                  string
	services, rows, runs int
	conns, rounds        int
	huge, readers        int // rows_startup.go, rows_history_read.go
	keep                 bool
	scale                string
	scaleOnly            bool
	boundsOnly           bool // rows_bounds.go, rows_idle.go
	pg, pgOnly           bool // rows_postgres.go
	push, pushOnly       bool // rows_push.go
	pageOnly             bool // rows_status_page.go
	each                 time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin", "folder with checkin-gateway and check_checkin")
	flag.IntVar(&o.services, "services", 1000, "configured services")
	flag.IntVar(&o.rows, "rows", 1_000_000, "check-ins in the big database")
	flag.IntVar(&o.conns, "conns", 64, "concurrent connections")
	flag.DurationVar(&o.each, "each", 2*time.Second, "length of one load run")
	flag.IntVar(&o.rounds, "rounds", 5, "load runs per row, interleaved; medians are reported")
	flag.IntVar(&o.runs, "runs", 200, "check_checkin and curl runs each")
	flag.StringVar(&o.scale, "scale", "1000,10000,100000", "service counts of the scale section; empty skips it")
	flag.BoolVar(&o.scaleOnly, "scale-only", false, "run only the scale section")
	flag.BoolVar(&o.boundsOnly, "bounds-only", false, "run only the rows of a flood at the rate limit and of idle connections")
	flag.BoolVar(&o.pg, "pg", true, "run the PostgreSQL section (skipped when PostgreSQL is not installed)")
	flag.BoolVar(&o.pgOnly, "pg-only", false, "run only the PostgreSQL section")
	flag.BoolVar(&o.push, "push", true, "run the push mode section (skipped when icinga2 is not installed)")
	flag.BoolVar(&o.pushOnly, "push-only", false, "run only the push mode section")
	flag.BoolVar(&o.pageOnly, "page-only", false, "run only the status page rows")
	flag.IntVar(&o.huge, "huge", 2_000_000, "CRITICAL check-ins of the one service with a long history")
	flag.IntVar(&o.readers, "readers", 48, "clients paging through history while check-ins run")
	flag.BoolVar(&o.keep, "keep", false, "keep the temp folder with the databases and gateway logs")
	flag.Parse()
	met, err := bench(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if !met {
		os.Exit(1)
	}
}

func bench(o options) (bool, error) {
	dir, err := os.MkdirTemp("", "checkin-bench-")
	if err != nil {
		return false, err
	}
	if o.keep {
		fmt.Println("keeping", dir, "(services file, databases, gateway logs)")
	} else {
		defer os.RemoveAll(dir)
	}
	gwBin, err := installed(filepath.Join(o.bin, "checkin-gateway"), dir)
	if err != nil {
		return false, err
	}
	plugin, err := installed(filepath.Join(o.bin, "check_checkin"), dir)
	if err != nil {
		return false, err
	}
	if o.scaleOnly {
		return runScale(gwBin, dir, o.scale)
	}
	config := filepath.Join(dir, "services.json")
	if err := writeServices(config, o.services); err != nil {
		return false, err
	}
	if o.pgOnly {
		return runPostgres(o, gwBin, dir, config)
	}
	if o.boundsOnly {
		return runBounds(o, gwBin, dir, config)
	}
	if o.pushOnly {
		return runPush(gwBin, plugin, dir)
	}
	if o.pageOnly {
		return runStatusPage(o, dir, gwBin, config)
	}
	small, big := filepath.Join(dir, "small.db"), filepath.Join(dir, "big.db")
	if _, err := seed(small, o.services, 10); err != nil {
		return false, fmt.Errorf("seed 10 rows per service: %w", err)
	}
	t := time.Now()
	size, err := seed(big, o.services, o.rows/o.services)
	if err != nil {
		return false, fmt.Errorf("seed %d rows: %w", o.rows, err)
	}
	fmt.Printf("seeded %d check-ins in %v: %.1f MB (%.0f bytes a check-in, info %d bytes)\n",
		o.rows, time.Since(t).Round(time.Millisecond), float64(size)/1e6, float64(size)/float64(o.rows), len(seedInfo))

	// Start-up with the big database: the median of three starts; the last one stays up.
	var gw *gateway
	var starts []time.Duration
	for i := range 3 {
		g, took, err := startGateway(gwBin, config, big, filepath.Join(dir, "big.log"))
		if err != nil {
			return false, err
		}
		starts = append(starts, took)
		if i < 2 {
			if err := g.stop(); err != nil {
				return false, fmt.Errorf("stop gateway: %w", err)
			}
			continue
		}
		gw = g
	}
	defer gw.stop()
	slices.Sort(starts)
	startup := starts[1]
	gwSmall, _, err := startGateway(gwBin, config, small, filepath.Join(dir, "small.log"))
	if err != nil {
		return false, err
	}
	defer gwSmall.stop()

	m, err := measure(o, gw, gwSmall)
	if err != nil {
		return false, err
	}
	m.startup = startup
	if m.rssKiB, err = gw.rssKiB(); err != nil {
		return false, err
	}
	if pluginReady(plugin, serviceName(1), gw.port) {
		if m.plugin, m.curl, err = medianRuns(plugin, serviceName(1), gw.port, o.runs); err != nil {
			return false, err
		}
	}
	if m.schedule, err = measureSchedules(o, dir, gwBin, config, gwSmall); err != nil {
		return false, err
	}
	if m.huge, err = measureHuge(o, dir, gwBin, config); err != nil {
		return false, err
	}
	if m.flood, m.idle, err = measureBounds(o, dir, gwBin, config); err != nil {
		return false, err
	}
	fmt.Printf("\n%d-core %s, %d connections, load generator: gateway/cmd/bench (Go, same machine), %d×%v runs per row, medians\n\n",
		runtime.NumCPU(), runtime.GOARCH, o.conns, o.rounds, o.each)
	met := m.print(os.Stdout, o)
	if pageMet, err := runStatusPage(o, dir, gwBin, config); err != nil {
		return false, err
	} else {
		met = met && pageMet
	}
	if o.pg {
		pgMet, err := runPostgres(o, gwBin, dir, config)
		if err != nil {
			return false, err
		}
		met = met && pgMet
	}
	if o.push {
		pushMet, err := runPush(gwBin, plugin, dir)
		if err != nil {
			return false, err
		}
		met = met && pushMet
	}
	scaled, err := runScale(gwBin, dir, o.scale)
	return met && scaled, err
}
