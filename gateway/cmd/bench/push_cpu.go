package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// cpuServices is how many services the Icinga CPU row checks and pushes, cpuRounds how often.
const cpuServices, cpuRounds = 200, 3

// cpuServiceName is the i-th service of the CPU row.
func cpuServiceName(i int) string { return fmt.Sprintf("bench-cpu-%03d", i) }

// icingaTicks is the CPU time, in clock ticks, of Icinga's processes (its process group) and
// of the plugins they ran and waited for.
func (ic *icinga) ticks() (int64, error) {
	pgid := ic.cmd.Process.Pid
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum int64
	for _, path := range paths {
		line, err := os.ReadFile(path)
		if err != nil {
			continue // exited meanwhile
		}
		i := bytes.LastIndexByte(line, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(line[i+1:]) // f[0] is field 3
		if len(f) < 15 {
			continue
		}
		if g, _ := strconv.Atoi(string(f[5-3])); g != pgid {
			continue
		}
		for _, field := range []int{14, 15, 16, 17} {
			v, err := strconv.ParseInt(string(f[field-3]), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s field %d: %w", path, field, err)
			}
			sum += v
		}
	}
	return sum, nil
}

// cpuPerCheck is Icinga's CPU time per forced check_checkin run of the CPU row's services
// (polling), measured over cpuRounds rounds.
func cpuPerCheck(ic *icinga) (time.Duration, error) {
	before, err := ic.ticks()
	if err != nil {
		return 0, err
	}
	for range cpuRounds {
		since := float64(time.Now().UnixNano())/1e9 - 0.001
		req := map[string]any{"type": "Service", "filter": `match("bench-cpu-*", service.name)`, "force": true}
		b, _ := json.Marshal(req)
		hreq, _ := http.NewRequest(http.MethodPost, ic.url()+"/v1/actions/reschedule-check", bytes.NewReader(b))
		hreq.SetBasicAuth("bench", benchIcingaPassword)
		hreq.Header.Set("Accept", "application/json")
		resp, err := ic.client.Do(hreq)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		if err := waitAllFresh(ic, since, true); err != nil {
			return 0, err
		}
	}
	after, err := ic.ticks()
	if err != nil {
		return 0, err
	}
	return time.Duration(after-before) * clockTick / (cpuServices * cpuRounds), nil
}

// cpuPerPush is Icinga's CPU time per pushed result: a check-in for each of the CPU row's
// services, cpuRounds times, each pushed by the gateway.
func cpuPerPush(ic *icinga, addr string) (time.Duration, error) {
	before, err := ic.ticks()
	if err != nil {
		return 0, err
	}
	for round := range cpuRounds {
		since := float64(time.Now().UnixNano())/1e9 - 0.001
		status := []string{"OK", "WARNING", "CRITICAL"}[round%3]
		for i := range cpuServices {
			if _, err := postCheckin(addr, cpuServiceName(i), "bench-cpu-token", status, "cpu round"); err != nil {
				return 0, err
			}
		}
		if err := waitAllFresh(ic, since, false); err != nil {
			return 0, err
		}
	}
	after, err := ic.ticks()
	if err != nil {
		return 0, err
	}
	return time.Duration(after-before) * clockTick / (cpuServices * cpuRounds), nil
}

// waitAllFresh polls (every 100ms, one query for all) until every service of the CPU row has a
// result from after since, active (a plugin run) or passive (a push).
func waitAllFresh(ic *icinga, since float64, active bool) error {
	for start := time.Now(); time.Since(start) < 120*time.Second; time.Sleep(100 * time.Millisecond) {
		code, body, err := ic.call("GET", "/v1/objects/services", map[string]any{
			"filter": `match("bench-cpu-*", service.name)`, "attrs": []string{"last_check_result"}})
		if err != nil || code != http.StatusOK {
			return fmt.Errorf("query the CPU row's services: HTTP %d, %v", code, err)
		}
		var answer struct {
			Results []struct {
				Attrs struct {
					Last *struct {
						End    float64 `json:"execution_end"`
						Active bool    `json:"active"`
					} `json:"last_check_result"`
				} `json:"attrs"`
			} `json:"results"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			return err
		}
		fresh := 0
		for _, r := range answer.Results {
			if l := r.Attrs.Last; l != nil && l.End >= since && l.Active == active {
				fresh++
			}
		}
		if fresh == cpuServices {
			return nil
		}
	}
	return fmt.Errorf("not all %d services of the CPU row had a fresh result within 120s", cpuServices)
}
