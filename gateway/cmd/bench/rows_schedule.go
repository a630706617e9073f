package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"time"
)

// The scheduled services' settings: a daily run at 02:30 Berlin time, so that every state
// answer works out the next run in a zone with daylight-saving time.
const (
	benchSchedule = "30 2 * * *"
	benchTZ       = "Europe/Berlin"
)

// listResult is GET /api/v1/services timed on one gateway: the median request, and how many
// services the answer held.
type listResult struct {
	median   time.Duration
	services int
	query    string // "?limit=1000", or "" when the gateway refused a limit
}

func (l listResult) perService() time.Duration {
	return l.median / time.Duration(max(l.services, 1))
}

// scheduleResult compares the list of the services' states for scheduled services with the
// same list for timeout services (issue 12: a scheduled state must cost well under a ms).
type scheduleResult struct {
	timeout, scheduled listResult
}

// measureSchedules starts a gateway whose services all run on a schedule (same names, tokens
// and 10 check-ins each as the small database) and times GET /api/v1/services on it and on
// small, whose services have timeouts, in turns over one keep-alive connection each.
func measureSchedules(o options, dir, bin, config string, small *gateway) (scheduleResult, error) {
	schedConfig, db := filepath.Join(dir, "scheduled.json"), filepath.Join(dir, "scheduled.db")
	err := variant(config, schedConfig, func(s map[string]any) {
		delete(s, "timeout")
		s["schedule"], s["tz"] = benchSchedule, benchTZ
	}, nil)
	if err != nil {
		return scheduleResult{}, err
	}
	if _, err := seed(db, o.services, 10); err != nil {
		return scheduleResult{}, fmt.Errorf("seed scheduled services: %w", err)
	}
	sched, _, err := startGateway(bin, schedConfig, db, filepath.Join(dir, "scheduled.log"))
	if err != nil {
		return scheduleResult{}, err
	}
	defer sched.stop()
	gws := []*gateway{small, sched}
	results := make([]listResult, len(gws))
	client := &http.Client{Timeout: 30 * time.Second}
	for k, g := range gws {
		if results[k], err = listQuery(client, g.addr); err != nil {
			return scheduleResult{}, err
		}
	}
	const warm, runs = 5, 41
	times := make([][]time.Duration, len(gws))
	for n := range warm + runs {
		for k, g := range gws {
			took, count, err := listServices(client, g.addr, results[k].query)
			if err != nil {
				return scheduleResult{}, err
			}
			if count != results[k].services {
				return scheduleResult{}, fmt.Errorf("GET /api/v1/services%s answered %d services, then %d", results[k].query, results[k].services, count)
			}
			if n >= warm {
				times[k] = append(times[k], took)
			}
		}
	}
	for k := range gws {
		slices.Sort(times[k])
		results[k].median = times[k][len(times[k])/2]
	}
	return scheduleResult{timeout: results[0], scheduled: results[1]}, nil
}

// listQuery finds how to ask for all services in one answer: ?limit=1000 where the API pages
// the list, no query where it refuses a limit (an older gateway).
func listQuery(client *http.Client, addr string) (listResult, error) {
	for _, q := range []string{"?limit=1000", ""} {
		_, n, err := listServices(client, addr, q)
		if errors.Is(err, errLimitRefused) {
			continue
		}
		if err != nil {
			return listResult{}, err
		}
		return listResult{services: n, query: q}, nil
	}
	return listResult{}, fmt.Errorf("GET /api/v1/services refused ?limit=1000 and answered nothing without it")
}

var errLimitRefused = errors.New("limit refused")

// listServices asks for the list once and returns how long the whole answer took and how many
// services it held: the answer is a JSON array, or an object holding one (a paged answer).
func listServices(client *http.Client, addr, query string) (time.Duration, int, error) {
	start := time.Now()
	resp, err := client.Get("http://" + addr + "/api/v1/services" + query)
	if err != nil {
		return 0, 0, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("read /api/v1/services: %w", err)
	}
	if resp.StatusCode == http.StatusBadRequest && query != "" {
		return 0, 0, errLimitRefused
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET /api/v1/services%s: %s", query, resp.Status)
	}
	n, err := countServices(body)
	return took, n, err
}

// countServices counts the entries of a JSON array, or of the first array in a JSON object.
func countServices(body []byte) (int, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(body, &list); err == nil {
		return len(list), nil
	}
	var page map[string]json.RawMessage
	if err := json.Unmarshal(body, &page); err != nil {
		return 0, fmt.Errorf("GET /api/v1/services: neither a JSON array nor an object: %w", err)
	}
	keys := make([]string, 0, len(page))
	for k := range page {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if json.Unmarshal(page[k], &list) == nil {
			return len(list), nil
		}
	}
	return 0, fmt.Errorf("GET /api/v1/services: no list of services in the answer")
}

// maxScheduledCost is the target per scheduled service: well under a millisecond, so that a
// list of 1,000 answers in under 100 ms.
const maxScheduledCost = 100 * time.Microsecond

// printScheduleRow writes the scheduled-services row.
func (m measurements) printScheduleRow(w io.Writer, verdict func(bool) string) {
	t, s := m.schedule.timeout, m.schedule.scheduled
	fmt.Fprintf(w, "6\tGET /api/v1/services%s, %d scheduled (%q %s) vs %d timeout services, median of 41\t%s vs %s a request; %s vs %s a service; %.2f×\t< %s a scheduled service: %s\t\n",
		s.query, s.services, benchSchedule, benchTZ, t.services, ms(s.median), ms(t.median), msFine(s.perService()), msFine(t.perService()),
		float64(s.median)/float64(t.median), ms(maxScheduledCost), verdict(s.services > 0 && s.perService() < maxScheduledCost))
}

// msFine writes a duration well under a millisecond in milliseconds.
func msFine(d time.Duration) string {
	return fmt.Sprintf("%.4f ms", float64(d)/float64(time.Millisecond))
}
