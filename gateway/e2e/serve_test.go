package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// The real binary keeps its state across a SIGTERM and a restart on the same database.
func TestRestartKeepsState(t *testing.T) { backendtest.Each(t, testRestartKeepsState) }

func testRestartKeepsState(t *testing.T, b backendtest.Backend) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), b.DB(t)
	if b.Name == "sqlite" {
		db = filepath.Join(dir, "data", "sub", "checkins.db") // folders the gateway creates
	}
	writeFile(t, cfg, testServices)

	p := startGateway(t, cfg, db)
	if code := post(t, p.URL+"/", `{"service": "backup", "token": "secret-backup", "status": "WARNING", "info": "slow disk"}`); code != 204 {
		t.Fatalf("check-in = %d; want 204", code)
	}
	_, before := get(t, p.URL+"/report?service=backup")
	p.StopWant(t, syscall.SIGTERM, 0)
	if !strings.Contains(p.Stderr.String(), "stopped") {
		t.Errorf("log lacks the stop message:\n%s", p.Stderr)
	}

	p = startGateway(t, cfg, db)
	_, after := get(t, p.URL+"/report?service=backup")
	for _, want := range []string{`"status":"WARNING"`, `"info":"slow disk"`} {
		if !strings.Contains(after, want) {
			t.Errorf("after restart state = %s; want %s", after, want)
		}
	}
	stamp := func(s string) string { return s[strings.Index(s, `"timestamp"`):strings.Index(s, `"info"`)] }
	if stamp(before) != stamp(after) {
		t.Errorf("timestamp changed across restart: %s vs %s", before, after)
	}
	p.StopWant(t, syscall.SIGINT, 0)
}

func TestReloadOnHUP(t *testing.T) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, db)
	post(t, p.URL+"/", `{"service": "backup", "token": "secret-backup", "status": "OK"}`)

	// An invalid file keeps the old configuration serving.
	writeFile(t, cfg, `{"backup": {"token": "secret-backup", "timeout": "soon"}}`)
	p.Signal(t, syscall.SIGHUP)
	waitFor(t, func() bool { return strings.Contains(p.Stderr.String(), "reload failed") }, p)
	if !strings.Contains(p.Stderr.String(), `level=ERROR msg="reload failed; keeping the old configuration"`) {
		t.Errorf("reload failure is not logged as an error:\n%s", p.Stderr)
	}
	if !strings.Contains(p.Stderr.String(), `field timeout`) {
		t.Errorf("reload failure log does not name the field:\n%s", p.Stderr)
	}
	if code, _ := get(t, p.URL+"/report?service=backup"); code != 200 {
		t.Errorf("after a bad reload, backup = %d; want 200 (old config kept)", code)
	}
	wantMetrics(t, p, `checkin_config_reloads_total{success="false"} 1`, `checkin_config_reloads_total{success="true"} 0`,
		"checkin_config_last_reload_success 0", `checkin_service_state{service="backup"} 0`)

	// A valid file replaces it; the removed service's history stays in the database.
	writeFile(t, cfg, `{"laptop": {"token": "secret-laptop", "timeout": "2d"}}`)
	p.Signal(t, syscall.SIGHUP)
	waitFor(t, func() bool { return strings.Contains(p.Stderr.String(), "configuration reloaded") }, p)
	if code, _ := get(t, p.URL+"/report?service=laptop"); code != 200 {
		t.Errorf("after reload, laptop = %d; want 200", code)
	}
	if code, _ := get(t, p.URL+"/report?service=backup"); code != 404 {
		t.Errorf("after reload, removed backup = %d; want 404", code)
	}
	wantMetrics(t, p, `checkin_config_reloads_total{success="true"} 1`, "checkin_config_last_reload_success 1",
		`checkin_service_state{service="laptop"} 3`)
	if _, body := get(t, p.URL+"/metrics"); strings.Contains(body, `service="backup"`) {
		t.Errorf("a removed service still has series:\n%s", body)
	}
	writeFile(t, cfg, testServices)
	p.Signal(t, syscall.SIGHUP)
	waitFor(t, func() bool { return strings.Count(p.Stderr.String(), "configuration reloaded") == 2 }, p)
	if _, body := get(t, p.URL+"/report?service=backup"); !strings.Contains(body, `"status":"OK"`) {
		t.Errorf("backup's history was lost across its removal: %s", body)
	}
}

// wantMetrics checks that the gateway's /metrics has each line.
func wantMetrics(t *testing.T, p *gatewaytest.Gateway, lines ...string) {
	t.Helper()
	_, body := get(t, p.URL+"/metrics")
	for _, l := range lines {
		if !strings.Contains(body, "\n"+l+"\n") {
			t.Errorf("/metrics lacks %q", l)
		}
	}
}

// The binary serves its build and process metrics, and a reload time that starts at start-up.
func TestMetricsOfBinary(t *testing.T) { backendtest.Each(t, testMetricsOfBinary) }

func testMetricsOfBinary(t *testing.T, b backendtest.Backend) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	start := time.Now()
	p := startGateway(t, cfg, b.DB(t))
	wantMetrics(t, p, `checkin_config_reloads_total{success="true"} 0`, "checkin_config_last_reload_success 1",
		`checkin_service_state{service="backup"} 3`)
	_, body := get(t, p.URL+"/metrics")
	for _, want := range []string{`checkin_build_info{goversion="go`, "process_start_time_seconds", "go_goroutines",
		"checkin_database_size_bytes"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var stamp float64
	for line := range strings.SplitSeq(body, "\n") {
		if v, ok := strings.CutPrefix(line, "checkin_config_last_reload_timestamp_seconds "); ok {
			stamp, _ = strconv.ParseFloat(v, 64)
		}
	}
	if s := time.Unix(int64(stamp), 0); s.Before(start.Add(-time.Second)) || s.After(time.Now()) {
		t.Errorf("checkin_config_last_reload_timestamp_seconds = %v; want the start-up time %v", stamp, start)
	}
}

func waitFor(t *testing.T, cond func() bool, p *gatewaytest.Gateway) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within 5s; log:\n%s", p.Stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
