package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// pushBurst is how many services the burst row (P4) turns WARNING at one moment.
var pushBurst = flag.Int("push-burst", 10_000, "services whose deadline passes at the same moment in the push burst row (P4); 0 skips it")

// pushBurstConns is the gateway's --icinga-conns in the burst row.
var pushBurstConns = flag.Int("push-burst-conns", 2, "the gateway's --icinga-conns in the push burst row")

// burstResult is the burst row: n services, all scheduled every minute with 30s to report,
// report in, and at the next deadline all turn WARNING together.
type burstResult struct {
	n                  int
	icingaStart        time.Duration // Icinga's start with the n Services
	took               time.Duration // from the deadline until Icinga took the n-th WARNING
	pushed             float64       // successful pushes meanwhile
	failed             float64       // failed pushes meanwhile
	warning            int           // of the n Services, WARNING in Icinga afterwards
	quietP99, burstP99 time.Duration // check-in latency before and during the burst
	perPush            time.Duration // Icinga's CPU per pushed result during the burst
}

// burstServices writes services.json with n scheduled services, and one more ("probe", a day's
// timeout) when probe is set: the probe is not in Icinga, so its pushes do not count as "ok".
func burstServices(path string, n int, probe bool) error {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		fmt.Fprintf(&b, "  \"burst-%05d\": {\"token\": \"bench-burst-token\", \"schedule\": \"* * * * *\", \"tz\": \"UTC\", \"timeout\": \"30s\", \"grace\": \"1h\"},\n", i)
	}
	if probe {
		b.WriteString("  \"probe\": {\"token\": \"bench-probe-token\", \"timeout\": \"1d\"},\n")
	}
	return os.WriteFile(path, []byte(strings.TrimSuffix(b.String(), ",\n")+"\n}\n"), 0o600)
}

// measureBurst runs the burst row against an Icinga 2 of its own.
func measureBurst(gwBin, plugin, dir string, n int) (burstResult, error) {
	r := burstResult{n: n}
	pluginDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return r, err
	}
	if err := os.Symlink(plugin, filepath.Join(pluginDir, "check_checkin")); err != nil {
		return r, err
	}
	config, inIcinga := filepath.Join(dir, "services.json"), filepath.Join(dir, "icinga-services.json")
	if err := burstServices(config, n, true); err != nil {
		return r, err
	}
	if err := burstServices(inIcinga, n, false); err != nil {
		return r, err
	}
	ic, took, g, stopBoth, err := startPushing(gwBin, dir, pluginDir, inIcinga, config, filepath.Join(dir, "checkins.db"),
		"--rate", "off", "--icinga-conns", strconv.Itoa(*pushBurstConns))
	if err != nil {
		return r, err
	}
	defer stopBoth()
	r.icingaStart = took
	addr := g.addr
	// The start-up resync: every Service gets its first result.
	if err := waitMetric(addr, `checkin_icinga_pushes_total{result="ok"}`, float64(n), 5*time.Minute); err != nil {
		return r, fmt.Errorf("the start-up resync: %w", err)
	}
	if err := waitMetricAtMost(addr, "checkin_icinga_push_pending", 0, time.Minute); err != nil {
		return r, err
	}
	// Every service reports in, all within one minute: their next deadline is the same moment,
	// 30s after the next minute.
	for time.Now().Second() > 20 {
		time.Sleep(time.Second)
	}
	minute := time.Now().Truncate(time.Minute)
	if err := reportAll(addr, n); err != nil {
		return r, err
	}
	if time.Now().Truncate(time.Minute) != minute {
		return r, fmt.Errorf("reporting %d services took more than the rest of the minute", n)
	}
	deadline := minute.Add(time.Minute + 30*time.Second)
	if err := waitMetricAtMost(addr, "checkin_icinga_push_pending", 0, time.Until(deadline)-10*time.Second); err != nil {
		return r, fmt.Errorf("pushing the check-ins before the deadline: %w", err)
	}
	// Quiet: check-in latency in the 6s before the deadline.
	time.Sleep(time.Until(deadline.Add(-7 * time.Second)))
	// As during the burst, /metrics is read every 50ms meanwhile.
	quietEnd := deadline.Add(-time.Second)
	go func() {
		for time.Now().Before(quietEnd) {
			_, _ = metric(addr, `checkin_icinga_pushes_total{result="ok"}`)
			time.Sleep(50 * time.Millisecond)
		}
	}()
	quiet, err := probe(addr, func() bool { return time.Now().After(quietEnd) })
	if err != nil {
		return r, err
	}
	okBefore, err := metric(addr, `checkin_icinga_pushes_total{result="ok"}`)
	if err != nil {
		return r, err
	}
	failedBefore, err := failedPushes(addr)
	if err != nil {
		return r, err
	}
	ticksBefore, err := ic.ticks()
	if err != nil {
		return r, err
	}
	// The burst: check-ins go on while the gateway pushes n WARNINGs.
	time.Sleep(time.Until(deadline))
	var done sync.WaitGroup
	stop := make(chan struct{})
	var during []time.Duration
	var probeErr error
	done.Go(func() {
		during, probeErr = probe(addr, func() bool {
			select {
			case <-stop:
				return true
			default:
				return false
			}
		})
	})
	err = waitMetric(addr, `checkin_icinga_pushes_total{result="ok"}`, okBefore+float64(n), 5*time.Minute)
	r.took = time.Since(deadline)
	ticksAfter, terr := ic.ticks()
	close(stop)
	done.Wait()
	if err != nil {
		return r, fmt.Errorf("the burst: %w", err)
	}
	if terr != nil {
		return r, terr
	}
	if probeErr != nil {
		return r, probeErr
	}
	r.perPush = time.Duration(ticksAfter-ticksBefore) * clockTick / time.Duration(n)
	time.Sleep(time.Second) // a push sent twice would show by now
	okAfter, err := metric(addr, `checkin_icinga_pushes_total{result="ok"}`)
	if err != nil {
		return r, err
	}
	failedAfter, err := failedPushes(addr)
	if err != nil {
		return r, err
	}
	r.pushed, r.failed = okAfter-okBefore, failedAfter-failedBefore
	if r.warning, err = countState(ic, "burst-*", 1); err != nil {
		return r, err
	}
	r.quietP99, r.burstP99 = p99(quiet), p99(during)
	return r, nil
}

// startPushing starts an Icinga 2 in dir with the objects of inIcinga (startIcingaFor), then a
// gateway with config and db that pushes to it, with extra flags; took is Icinga's start, and
// stop ends both.
func startPushing(gwBin, dir, pluginDir, inIcinga, config, db string, extra ...string) (ic *icinga, took time.Duration, g *gateway, stop func(), err error) {
	password := filepath.Join(dir, "icinga-password")
	if err := os.WriteFile(password, []byte(benchIcingaPassword+"\n"), 0o600); err != nil {
		return nil, 0, nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, 0, nil, nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	ic, took, err = startIcingaFor(gwBin, inIcinga, addr, dir, pluginDir)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "gateway.log"))
	if err != nil {
		ic.stop()
		return nil, 0, nil, nil, err
	}
	args := append([]string{"--listen", addr, "--config", config, "--db", db, "--log-level", "warn",
		"--icinga-url", ic.url(), "--icinga-user", "bench", "--icinga-password-file", password, "--icinga-ca-file", ic.caFile()}, extra...)
	gw := exec.Command(gwBin, args...)
	gw.Stdout, gw.Stderr = logf, logf
	if err := gw.Start(); err != nil {
		logf.Close()
		ic.stop()
		return nil, 0, nil, nil, err
	}
	g = &gateway{cmd: gw, addr: addr, port: port}
	return ic, took, g, func() { _ = g.stop(); logf.Close(); ic.stop() }, nil
}

// startIcingaFor starts an Icinga 2 in dir/icinga with the push-mode objects icinga-config
// writes for services (the gateway at addr) and the shipped templates, and says how long it
// took to answer.
func startIcingaFor(gwBin, services, addr, dir, pluginDir string) (*icinga, time.Duration, error) {
	objects, err := exec.Command(gwBin, "icinga-config", "--push", "--config", services, "--gateway-url", "http://"+addr).Output()
	if err != nil {
		return nil, 0, fmt.Errorf("icinga-config --push: %w", err)
	}
	generated := filepath.Join(dir, "generated.conf")
	if err := os.WriteFile(generated, objects, 0o644); err != nil {
		return nil, 0, err
	}
	includes := []string{generated}
	for _, name := range []string{"commands.conf", "templates.conf", "services.conf"} {
		abs, err := filepath.Abs(filepath.Join("..", "deploy", "icinga2", name))
		if err != nil {
			return nil, 0, err
		}
		includes = append(includes, abs)
	}
	start := time.Now()
	ic, err := startIcinga(filepath.Join(dir, "icinga"), pluginDir, includes, "checkin-gateway")
	return ic, time.Since(start), err
}

// reportAll posts an OK check-in for each of the n burst services, eight clients at once.
func reportAll(addr string, n int) error {
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Go(func() {
			for i := c; i < n; i += 8 {
				if _, err := postCheckin(addr, fmt.Sprintf("burst-%05d", i), "bench-burst-token", "OK", "burst"); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// print writes rows P4 and reports whether their targets were met.
func (r burstResult) print() bool {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	verdict, all := verdicts()
	fmt.Printf("\nPush burst: %d services (Icinga started with them in %s) whose deadline passes at one moment, --icinga-conns %d, --icinga-push-rate default (1000/s); "+
		"check-ins to another service every 20 ms meanwhile\n\n", r.n, r.icingaStart.Round(100*time.Millisecond), *pushBurstConns)
	fmt.Fprintln(tw, "row\tmeasured\tresult\ttarget\t")
	// The target scales with the burst: 30 s for 10,000.
	limit := time.Duration(float64(30*time.Second) * float64(r.n) / 10_000)
	fmt.Fprintf(tw, "P4\tpush burst: deadline → all %d WARNING in Icinga\t%s (%.0f results/s); %d WARNING, %.0f pushes, %.0f failed\t≤ %s, all, each once: %s\t\n",
		r.n, r.took.Round(10*time.Millisecond), float64(r.n)/r.took.Seconds(), r.warning, r.pushed, r.failed,
		limit, verdict(r.took <= limit && r.warning == r.n && r.pushed == float64(r.n) && r.failed == 0))
	fmt.Fprintf(tw, "P4b\tcheck-in latency during the burst\tp99 %s (quiet p99 %s)\tp99 ≤ 3× quiet: %s\t\n",
		ms(r.burstP99), ms(r.quietP99), verdict(r.burstP99 <= 3*r.quietP99))
	fmt.Fprintf(tw, "P4c\tIcinga CPU a result during the burst\t%s\t-\t\n", ms(r.perPush))
	tw.Flush()
	return *all
}
