package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The rest row (P5): Icinga's own CPU with pushRest Services fed by the gateway, none of them
// changing state, measured from Icinga's CPU counters. The gateway runs with --icinga-max-ttl
// pushRestTTL, so that its refreshes come within minutes instead of an hour: the row measures
// Icinga idle (after the start-up resync, before the first refresh is due) and then through the
// first refreshes, and gives the CPU of one refresh at rest; at the default hour, a service is
// refreshed about 1.17 times an hour.
var (
	pushRest    = flag.Int("push-rest", 100_000, "services in Icinga for the at-rest row (P5); 0 skips it")
	pushRestTTL = flag.Duration("push-rest-ttl", 10*time.Minute, "the gateway's --icinga-max-ttl in the at-rest row (P5); 1h measures the default itself, in about 75 minutes")
)

// restMargin is the gateway's --icinga-ttl-margin default: a refresh comes that long, and up to
// a quarter of the ttl more, before the ttl lapses.
const restMargin = time.Minute

type restResult struct {
	n, ttl             int // services; --icinga-max-ttl in seconds
	icingaStart        time.Duration
	resync             time.Duration // the start-up resync: every Service's first push
	idle               time.Duration // how long Icinga was measured idle
	idleCPU            time.Duration // Icinga's CPU meanwhile
	refreshing         time.Duration // how long Icinga was measured through the refreshes
	refreshCPU         time.Duration // Icinga's CPU meanwhile
	idlePushes, pushes float64       // pushes during each
	idleRuns, runs     int           // check_checkin runs by Icinga during each
}

// restServices writes services.json with n services that report once a day.
func restServices(path string, n int) error {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		fmt.Fprintf(&b, "  \"rest-%06d\": {\"token\": \"bench-rest-token\", \"timeout\": \"1d\"},\n", i)
	}
	return os.WriteFile(path, []byte(strings.TrimSuffix(b.String(), ",\n")+"\n}\n"), 0o600)
}

// measureRest runs the rest row against an Icinga 2 of its own.
func measureRest(gwBin, plugin, dir string, n int, ttl time.Duration) (restResult, error) {
	r := restResult{n: n, ttl: int(ttl.Seconds())}
	pluginDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return r, err
	}
	runs := filepath.Join(dir, "plugin-runs")
	wrapper := fmt.Sprintf("#!/bin/sh\necho run >>%q\nexec %q \"$@\"\n", runs, plugin)
	if err := os.WriteFile(filepath.Join(pluginDir, "check_checkin"), []byte(wrapper), 0o755); err != nil {
		return r, err
	}
	config := filepath.Join(dir, "services.json")
	if err := restServices(config, n); err != nil {
		return r, err
	}
	db := filepath.Join(dir, "checkins.db")
	at := time.Now().Add(-time.Minute)
	if _, err := seedFile(db, func(yield func(storage.Checkin) bool) {
		for i := range n {
			if !yield(storage.Checkin{Service: fmt.Sprintf("rest-%06d", i), Status: checkin.OK, Info: "at rest", At: at}) {
				return
			}
		}
	}); err != nil {
		return r, fmt.Errorf("seed %d check-ins: %w", n, err)
	}
	ic, took, g, stopBoth, err := startPushing(gwBin, dir, pluginDir, config, config, db, "--icinga-max-ttl", ttl.String(), "--icinga-push-rate", "0")
	if err != nil {
		return r, err
	}
	defer stopBoth()
	resyncStart := time.Now() // the gateway has just started
	r.icingaStart = took
	addr := g.addr
	ok := `checkin_icinga_pushes_total{result="ok"}`
	if err := waitMetric(addr, ok, float64(n), 15*time.Minute); err != nil {
		return r, fmt.Errorf("the start-up resync: %w", err)
	}
	r.resync = time.Since(resyncStart)
	// Idle until just before the first refresh can be due: a quarter of the ttl and the margin
	// before the ttl of the resync's first push lapses. A new Icinga runs check_checkin for
	// the Services the resync has not reached yet (some 50,000 runs at 100,000), which makes
	// the resync take minutes: hence the ttl of 10 minutes.
	idleEnd := resyncStart.Add(ttl*3/4 - restMargin - 5*time.Second)
	if time.Until(idleEnd) < 40*time.Second {
		return r, fmt.Errorf("the resync took %v: too long to measure Icinga idle before the first refresh at --icinga-max-ttl %v", r.resync.Round(time.Second), ttl)
	}
	measure := func(until time.Time) (took, cpu time.Duration, pushes float64, plugins int, err error) {
		t0, p0, r0, err := icingaAndPushes(ic, addr, runs)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		start := time.Now()
		time.Sleep(time.Until(until))
		t1, p1, r1, err := icingaAndPushes(ic, addr, runs)
		return time.Since(start), time.Duration(t1-t0) * clockTick, p1 - p0, r1 - r0, err
	}
	if err := waitMetricAtMost(addr, "checkin_icinga_push_pending", 0, time.Minute); err != nil {
		return r, err
	}
	time.Sleep(10 * time.Second) // the last plugin runs Icinga started before the resync reached them
	if r.idle, r.idleCPU, r.idlePushes, r.idleRuns, err = measure(idleEnd); err != nil {
		return r, err
	}
	// Through the first refreshes: they are due from 3/4 of the ttl after the resync began until
	// the ttl after it ended.
	r.refreshing, r.refreshCPU, r.pushes, r.runs, err = measure(resyncStart.Add(r.resync + ttl))
	return r, err
}

// icingaAndPushes reads Icinga's CPU ticks, the gateway's successful pushes and how often
// Icinga has run check_checkin (the lines of runs).
func icingaAndPushes(ic *icinga, addr, runs string) (int64, float64, int, error) {
	ticks, err := ic.ticks()
	if err != nil {
		return 0, 0, 0, err
	}
	pushes, err := metric(addr, `checkin_icinga_pushes_total{result="ok"}`)
	if err != nil {
		return 0, 0, 0, err
	}
	b, err := os.ReadFile(runs)
	if err != nil && !os.IsNotExist(err) {
		return 0, 0, 0, err
	}
	return ticks, pushes, strings.Count(string(b), "\n"), nil
}

// print writes row P5 and reports whether its target was met. perCheck is Icinga's CPU per
// check_checkin run (P3), for the polling figure beside it.
func (r restResult) print(perCheck time.Duration) bool {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	verdict, all := verdicts()
	idle := r.idleCPU.Seconds() / r.idle.Seconds() // cores
	refreshing := r.refreshCPU.Seconds() / r.refreshing.Seconds()
	perRefresh := time.Duration(0)
	if r.pushes > 0 {
		perRefresh = time.Duration((r.refreshCPU.Seconds() - idle*r.refreshing.Seconds()) / r.pushes * float64(time.Second))
	}
	// At the default --icinga-max-ttl (1h) a service is refreshed every 59 min less a spread of
	// up to 15 min: 60/51.5 times an hour. Polling runs check_checkin 12 times an hour.
	atHour := float64(r.n) * 60 / 51.5 / 3600 * perRefresh.Seconds()
	polling := float64(r.n) * 12 / 3600 * perCheck.Seconds()
	fmt.Printf("\nAt rest: %d Services in Icinga (started in %s), none changing state, pushed by the gateway with --icinga-max-ttl %ds "+
		"(start-up resync %s); Icinga's CPU from its own counters\n\n", r.n, r.icingaStart.Round(time.Second), r.ttl, r.resync.Round(time.Second))
	fmt.Fprintln(tw, "row\tmeasured\tresult\ttarget\t")
	fmt.Fprintf(tw, "P5a\tIcinga idle, no pushes due\t%.4f cores over %s (%.0f pushes; %d plugin runs)\t-\t\n",
		idle, r.idle.Round(time.Second), r.idlePushes, r.idleRuns)
	fmt.Fprintf(tw, "P5b\tIcinga through the refreshes\t%.4f cores over %s, %.0f refreshes (%.0f a second; %d plugin runs): %s each above idle\t-\t\n",
		refreshing, r.refreshing.Round(time.Second), r.pushes, r.pushes/r.refreshing.Seconds(), r.runs, ms(perRefresh))
	fmt.Fprintf(tw, "P5\tIcinga CPU for pushes at %d services at rest, --icinga-max-ttl 1h (60/51.5 refreshes a service-hour)\tpush %.4f cores; polling %.2f cores (12 checks a service-hour of %s, P3); both + idle\tpush ≤ 0.05 cores: %s\t\n",
		r.n, atHour, polling, ms(perCheck), verdict(atHour <= 0.05 && r.pushes > 0))
	tw.Flush()
	return *all
}
