package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// pushRuns is how many state changes each push row measures.
const pushRuns = 20

// pushServicesJSON: one service for check-ins, one whose deadline passes 2s after each report.
const pushServicesJSON = `{
  "bench-push": {"token": "bench-push-token", "timeout": "1d"},
  "bench-deadline": {"token": "bench-deadline-token", "timeout": "2s", "grace": "1h"}
}`

// pushResult is the push section: how long a change takes to show in Icinga's state.
type pushResult struct {
	skipped             string
	checkin, deadline   []time.Duration // each run's latency, sorted
	checkinP, deadlineP time.Duration   // medians
	perCheck, perPush   time.Duration   // Icinga's CPU per check_checkin run and per pushed result
}

// runPush measures push mode against a real Icinga 2 on this machine: the time from a
// check-in's 204 to Icinga's state, and from a passed deadline to Icinga's state.
func runPush(gwBin, plugin, dir string) (bool, error) {
	r, err := measurePush(gwBin, plugin, filepath.Join(dir, "push"))
	if err != nil {
		return false, fmt.Errorf("push section: %w", err)
	}
	fmt.Printf("\nPush mode (--icinga-url) to Icinga 2 on this machine, one keep-alive TLS connection; "+
		"latency to the state Icinga's API shows (polled every 5 ms), %d changes each\n\n", pushRuns)
	met := r.print()
	if *pushBurst > 0 && r.skipped == "" {
		b, err := measureBurst(gwBin, plugin, filepath.Join(dir, "push-burst"), *pushBurst)
		if err != nil {
			return false, fmt.Errorf("push burst rows: %w", err)
		}
		met = b.print() && met // rows_push_burst.go
	}
	if *pushRest > 0 && r.skipped == "" {
		rest, err := measureRest(gwBin, plugin, filepath.Join(dir, "push-rest"), *pushRest, *pushRestTTL)
		if err != nil {
			return false, fmt.Errorf("push at rest row: %w", err)
		}
		met = rest.print(r.perCheck) && met // rows_push_rest.go
	}
	return met, nil
}

func measurePush(gwBin, plugin, dir string) (pushResult, error) {
	pluginDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return pushResult{}, err
	}
	if err := os.Symlink(plugin, filepath.Join(pluginDir, "check_checkin")); err != nil {
		return pushResult{}, err
	}
	config := filepath.Join(dir, "services.json")
	password := filepath.Join(dir, "icinga-password")
	services := strings.TrimSuffix(strings.TrimSpace(pushServicesJSON), "}")
	for i := range cpuServices {
		services += fmt.Sprintf(",\n  %q: {\"token\": \"bench-cpu-token\", \"timeout\": \"1d\"}", cpuServiceName(i))
	}
	if err := os.WriteFile(config, []byte(services+"\n}\n"), 0o600); err != nil {
		return pushResult{}, err
	}
	if err := os.WriteFile(password, []byte(benchIcingaPassword+"\n"), 0o600); err != nil {
		return pushResult{}, err
	}
	port, err := freePort()
	if err != nil {
		return pushResult{}, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	objects, err := exec.Command(gwBin, "icinga-config", "--push", "--config", config, "--gateway-url", "http://"+addr).Output()
	if err != nil {
		return pushResult{}, fmt.Errorf("icinga-config --push: %w", err)
	}
	generated := filepath.Join(dir, "generated.conf")
	if err := os.WriteFile(generated, objects, 0o644); err != nil {
		return pushResult{}, err
	}
	includes := []string{generated}
	for _, name := range []string{"commands.conf", "templates.conf", "services.conf"} {
		abs, err := filepath.Abs(filepath.Join("..", "deploy", "icinga2", name))
		if err != nil {
			return pushResult{}, err
		}
		includes = append(includes, abs)
	}
	ic, err := startIcinga(filepath.Join(dir, "icinga"), pluginDir, includes, "checkin-gateway")
	if errors.Is(err, errNoIcinga) {
		return pushResult{skipped: err.Error()}, nil
	}
	if err != nil {
		return pushResult{}, err
	}
	defer ic.stop()
	logf, err := os.Create(filepath.Join(dir, "gateway.log"))
	if err != nil {
		return pushResult{}, err
	}
	defer logf.Close()
	// The admin user "bench" pushes: the bench measures speed, the tests check the permissions.
	gw := exec.Command(gwBin, "--listen", addr, "--config", config, "--db", filepath.Join(dir, "checkins.db"), "--log-level", "warn",
		"--icinga-url", ic.url(), "--icinga-user", "bench", "--icinga-password-file", password, "--icinga-ca-file", ic.caFile(), "--icinga-conns", "1")
	gw.Stdout, gw.Stderr = logf, logf
	if err := gw.Start(); err != nil {
		return pushResult{}, err
	}
	g := &gateway{cmd: gw, addr: addr, port: port}
	defer g.stop()
	for start := time.Now(); !alive(addr); time.Sleep(5 * time.Millisecond) {
		if time.Since(start) > 20*time.Second {
			return pushResult{}, fmt.Errorf("gateway did not answer /alive within 20s; see %s", logf.Name())
		}
	}
	var r pushResult
	if _, err := waitIcinga(ic, "checkin-gateway!bench-deadline", 3, "never reported in", 30*time.Second); err != nil {
		return r, fmt.Errorf("the start-up resync: %w", err)
	}
	statuses := []struct {
		status string
		state  int
	}{{"OK", 0}, {"CRITICAL", 2}}
	for i := range pushRuns {
		s := statuses[i%2]
		info := fmt.Sprintf("bench run %d", i)
		stored, err := postCheckin(addr, "bench-push", "bench-push-token", s.status, info)
		if err != nil {
			return r, err
		}
		seen, err := waitIcinga(ic, "checkin-gateway!bench-push", s.state, info, 10*time.Second)
		if err != nil {
			return r, err
		}
		r.checkin = append(r.checkin, seen.Sub(stored))
	}
	for i := range pushRuns / 4 {
		info := fmt.Sprintf("bench deadline %d", i)
		sent := time.Now()
		if _, err := postCheckin(addr, "bench-deadline", "bench-deadline-token", "OK", info); err != nil {
			return r, err
		}
		seen, err := waitIcinga(ic, "checkin-gateway!bench-deadline", 1, info, 10*time.Second)
		if err != nil {
			return r, err
		}
		r.deadline = append(r.deadline, seen.Sub(sent.Add(2*time.Second))) // the report is stored after sent: an upper bound
	}
	if r.perCheck, err = cpuPerCheck(ic); err != nil {
		return r, err
	}
	if r.perPush, err = cpuPerPush(ic, addr); err != nil {
		return r, err
	}
	slices.Sort(r.checkin)
	slices.Sort(r.deadline)
	r.checkinP, r.deadlineP = r.checkin[len(r.checkin)/2], r.deadline[len(r.deadline)/2]
	return r, nil
}

// postCheckin posts a check-in and returns the time of its 204.
func postCheckin(addr, service, token, status, info string) (time.Time, error) {
	body := fmt.Sprintf(`{"service": %q, "token": %q, "status": %q, "info": %q}`, service, token, status, info)
	resp, err := http.Post("http://"+addr+"/api/v1/checkins", "application/json", strings.NewReader(body))
	if err != nil {
		return time.Time{}, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return time.Time{}, fmt.Errorf("check-in %s: HTTP %d", service, resp.StatusCode)
	}
	return time.Now(), nil
}

// waitIcinga polls Icinga every 5ms until object has state and its output contains text, and
// returns when it saw it.
func waitIcinga(ic *icinga, object string, state int, text string, limit time.Duration) (time.Time, error) {
	for start := time.Now(); time.Since(start) < limit; time.Sleep(5 * time.Millisecond) {
		got, out, err := ic.serviceState(object)
		if err != nil {
			return time.Time{}, err
		}
		if got == state && strings.Contains(out, text) {
			return time.Now(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s: no state %d with %q in Icinga within %v", object, state, text, limit)
}

// print writes the push rows and reports whether their targets were met.
func (r pushResult) print() bool {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	verdict, all := verdicts()
	fmt.Fprintln(tw, "row\tmeasured\tresult\ttarget\t")
	if r.skipped != "" {
		fmt.Fprintf(tw, "P1\tpush: check-in → Icinga state\tskipped: %s\t≤ 1 s\t\n", r.skipped)
		fmt.Fprintf(tw, "P2\tpush: deadline → Icinga state\tskipped: %s\t≤ 2 s\t\n", r.skipped)
	} else {
		worst := r.checkin[len(r.checkin)-1]
		fmt.Fprintf(tw, "P1\tpush: check-in 204 → Icinga state\tmedian %s, max %s\tmax ≤ 1 s: %s\t\n",
			ms(r.checkinP), ms(worst), verdict(worst <= time.Second))
		worst = r.deadline[len(r.deadline)-1]
		fmt.Fprintf(tw, "P2\tpush: deadline → Icinga WARNING\tmedian %s, max %s\tmax ≤ 2 s: %s\t\n",
			ms(r.deadlineP), ms(worst), verdict(worst <= 2*time.Second))
	}
	if r.skipped == "" {
		// Polling: the shipped check_interval, 5 min. Push at rest: a refresh every 59 min less
		// a spread of up to 15 min, 51.5 min on average.
		polling, push := 12*r.perCheck, time.Duration(float64(r.perPush)*60/51.5)
		fmt.Fprintf(tw, "P3\tIcinga CPU per service-hour, polling vs push at rest (%d services, %d rounds)\t"+
			"polling %s (12 checks of %s); push %s (1.17 refreshes of %s; each state change %s more); push/polling %.3f×\t-\t\n",
			cpuServices, cpuRounds, ms(polling), ms(r.perCheck), ms(push), ms(r.perPush), ms(r.perPush), float64(push)/float64(polling))
	}
	tw.Flush()
	return *all
}
