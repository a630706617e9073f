package main

import (
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pluginReady reports whether check_checkin is the real plugin: asked about a service that just
// checked in OK, it must exit 0 and say so on its first line.
func pluginReady(plugin, service string, port int) bool {
	out, err := exec.Command(plugin, "--service", service, "--port", strconv.Itoa(port)).Output()
	return err == nil && strings.HasPrefix(string(out), "CHECKIN OK - "+service)
}

// medianRuns runs the plugin and curl in turns, runs times each, and returns each one's median
// wall time.
func medianRuns(plugin, service string, port, runs int) (pluginMedian, curlMedian time.Duration, err error) {
	url := fmt.Sprintf("http://127.0.0.1:%d/report?service=%s", port, service)
	cmds := [][]string{
		{plugin, "--service", service, "--port", strconv.Itoa(port)},
		{"curl", "-s", url},
	}
	times := make([][]time.Duration, len(cmds))
	for range runs {
		for k, args := range cmds {
			start := time.Now()
			out, err := exec.Command(args[0], args[1:]...).Output()
			if err != nil && !(k == 0 && exitInRange(err)) {
				return 0, 0, fmt.Errorf("%s: %w (%s)", strings.Join(args, " "), err, out)
			}
			times[k] = append(times[k], time.Since(start))
		}
	}
	for _, t := range times {
		slices.Sort(t)
	}
	return times[0][len(times[0])/2], times[1][len(times[1])/2], nil
}

// exitInRange reports whether err is a plugin exit code (1..3), which is not a failure.
func exitInRange(err error) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() >= 1 && ee.ExitCode() <= 3
}
