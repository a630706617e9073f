package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// probe posts a check-in of "probe" every 20ms until enough says so, and returns each one's
// latency.
func probe(addr string, enough func() bool) ([]time.Duration, error) {
	var lat []time.Duration
	for !enough() {
		sent := time.Now()
		got, err := postCheckin(addr, "probe", "bench-probe-token", "OK", "probe")
		if err != nil {
			return nil, err
		}
		lat = append(lat, got.Sub(sent))
		time.Sleep(20*time.Millisecond - time.Since(sent))
	}
	return lat, nil
}

func p99(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(len(d)-1, len(d)*99/100)]
}

// metric is a series' value on the gateway's /metrics.
func metric(addr, series string) (float64, error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("no %s on /metrics", series)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// failedPushes is the pushes of every result but ok.
func failedPushes(addr string) (float64, error) {
	var sum float64
	for _, result := range []string{"refused", "unreachable"} {
		v, err := metric(addr, fmt.Sprintf(`checkin_icinga_pushes_total{result=%q}`, result))
		if err != nil {
			return 0, err
		}
		sum += v
	}
	return sum, nil
}

// waitMetric polls series every 50ms until it is at least want.
func waitMetric(addr, series string, want float64, limit time.Duration) error {
	for start := time.Now(); time.Since(start) < limit; time.Sleep(50 * time.Millisecond) {
		if v, err := metric(addr, series); err == nil && v >= want {
			return nil
		}
	}
	v, _ := metric(addr, series)
	return fmt.Errorf("%s = %v after %v; want at least %v", series, v, limit, want)
}

// waitMetricAtMost polls series every 50ms until it is at most want.
func waitMetricAtMost(addr, series string, want float64, limit time.Duration) error {
	for start := time.Now(); time.Since(start) < limit; time.Sleep(50 * time.Millisecond) {
		if v, err := metric(addr, series); err == nil && v <= want {
			return nil
		}
	}
	v, _ := metric(addr, series)
	return fmt.Errorf("%s = %v after %v; want at most %v", series, v, limit, want)
}

// countState is how many Services whose name matches pattern are in state.
func countState(ic *icinga, pattern string, state int) (int, error) {
	code, body, err := ic.call("GET", "/v1/objects/services", map[string]any{
		"filter": fmt.Sprintf("match(%q, service.name) && service.state == %d", pattern, state), "attrs": []string{"state"}})
	if err != nil || code != http.StatusOK {
		return 0, fmt.Errorf("count Services in state %d: HTTP %d, %v", state, code, err)
	}
	return strings.Count(string(body), `"attrs"`), nil
}
