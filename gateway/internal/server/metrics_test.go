package server

import (
	"bufio"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// scrape fetches /metrics over HTTP in the text format and returns each series' value, keyed
// by the series as written ("name{label="value",...}"), and the raw text.
func (f *fixture) scrape(t *testing.T) (map[string]float64, string) {
	t.Helper()
	code, body, hdr := f.do(t, "GET", "/metrics", "", "")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s", code, hdr.Get("Content-Type"))
	}
	series := make(map[string]float64)
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("unreadable metrics line %q", line)
		}
		series[line[:i]] = v
	}
	return series, body
}

func TestMetricsServices(t *testing.T) {
	f := newFixture(t)
	f.checkin(t, "backup", "secret-backup", "OK", "done")
	f.checkin(t, "laptop", "secret-laptop", "CRITICAL", "apt failed")
	f.checkin(t, "laptop", "secret-laptop", "CRITICAL", "apt failed again")
	f.checkin(t, "tolerant", "secret-tolerant", "OK", "")
	f.checkin(t, "tolerant", "secret-tolerant", "WARNING", "flaky")
	reported := float64(f.clock.Now().Unix())

	want := map[string]float64{
		`checkin_service_state{service="backup"}`:                             0,
		`checkin_service_state{service="laptop"}`:                             2,
		`checkin_service_state{service="archive"}`:                            3,
		`checkin_service_state{service="tolerant"}`:                           0, // tolerated
		`checkin_service_reported_status{service="tolerant"}`:                 1,
		`checkin_service_reported_status{service="laptop"}`:                   2,
		`checkin_service_last_checkin_timestamp_seconds{service="backup"}`:    reported,
		`checkin_service_timeout_seconds{service="backup"}`:                   86400,
		`checkin_service_grace_seconds{service="backup"}`:                     43200,
		`checkin_service_timeout_seconds{service="archive"}`:                  0,
		`checkin_service_overdue{service="backup"}`:                           0,
		`checkin_checkins_received_total{service="laptop",status="CRITICAL"}`: 2,
		`checkin_checkins_received_total{service="laptop",status="OK"}`:       0,
		`checkin_checkins_received_total{service="archive",status="OK"}`:      0,
		`checkin_database_up`:                                                 1,
	}
	got, _ := f.scrape(t)
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (present %v); want %v", k, g, ok, v)
		}
	}
	for _, absent := range []string{`checkin_service_reported_status{service="archive"}`,
		`checkin_service_last_checkin_timestamp_seconds{service="archive"}`} {
		if _, ok := got[absent]; ok {
			t.Errorf("%s is present for a service that never checked in", absent)
		}
	}
	if got["checkin_database_size_bytes"] <= 0 {
		t.Errorf("checkin_database_size_bytes = %v; want > 0", got["checkin_database_size_bytes"])
	}

	// No new check-in: the state follows the clock at scrape time.
	steps := []struct {
		advance            time.Duration
		wantState, overdue float64
	}{
		{25 * time.Hour, 1, 1}, // past the 1d timeout: WARNING
		{12 * time.Hour, 2, 1}, // past the 12h grace: CRITICAL
	}
	for _, s := range steps {
		f.clock.Add(s.advance)
		got, _ := f.scrape(t)
		if g := got[`checkin_service_state{service="backup"}`]; g != s.wantState {
			t.Errorf("after +%v state = %v; want %v", s.advance, g, s.wantState)
		}
		if g := got[`checkin_service_overdue{service="backup"}`]; g != s.overdue {
			t.Errorf("after +%v overdue = %v; want %v", s.advance, g, s.overdue)
		}
	}
}

func TestMetricsRejectedAndUnknownServices(t *testing.T) {
	f := newFixture(t)
	f.do(t, "POST", "/", "application/json", `{"service": "nosuch-svc", "token": "x", "status": "OK"}`)
	f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "wrong", "status": "OK"}`)
	f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "secret-backup", "status": "FINE"}`)
	f.do(t, "POST", "/api/v1/checkins", "application/json", `{"service": "backup",`)
	f.do(t, "POST", "/", "application/json", `{"info": "`+strings.Repeat("x", 70<<10)+`"}`)
	f.do(t, "GET", "/report?service=nosuch-svc", "", "")
	f.do(t, "GET", "/api/v1/services/nosuch-path", "", "")
	f.do(t, "GET", "/api/v1/services/backup/history", "", "")
	f.do(t, "GET", "/no/such/endpoint", "", "")

	got, text := f.scrape(t)
	want := map[string]float64{
		`checkin_checkins_rejected_total{reason="unauthorized"}`:                          2,
		`checkin_checkins_rejected_total{reason="bad_request"}`:                           2,
		`checkin_checkins_rejected_total{reason="too_large"}`:                             1,
		`checkin_http_requests_total{code="401",route="/"}`:                               2,
		`checkin_http_requests_total{code="400",route="/api/v1/checkins"}`:                1,
		`checkin_http_requests_total{code="404",route="/api/v1/services/{name}"}`:         1,
		`checkin_http_requests_total{code="200",route="/api/v1/services/{name}/history"}`: 1,
		`checkin_http_requests_total{code="404",route="unmatched"}`:                       1,
		`checkin_http_request_duration_seconds_count{route="/"}`:                          4,
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (present %v); want %v", k, g, ok, v)
		}
	}
	for _, leak := range []string{"nosuch", "secret", "wrong", "/no/such"} {
		if strings.Contains(text, leak) {
			t.Errorf("metrics contain %q: a client's input became a label value", leak)
		}
	}
}

// The exposition passes promtool's lint, Go and process collectors included.
func TestMetricsPromtool(t *testing.T) {
	promtool := checkintest.RequireTool(t, "promtool")
	f := newFixture(t)
	f.checkin(t, "backup", "secret-backup", "OK", "")
	f.do(t, "GET", "/status", "", "")
	_, text := f.scrape(t)
	for _, name := range []string{"checkin_build_info{", "go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(text, name) {
			t.Errorf("metrics lack %s", name)
		}
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// When the database cannot be read the scrape still answers, says so, and leaves out the
// services it could not evaluate rather than report them wrong.
func TestMetricsDatabaseDown(t *testing.T) {
	f := newFixture(t)
	f.checkin(t, "backup", "secret-backup", "OK", "")
	f.store.Close()
	got, text := f.scrape(t)
	if v, ok := got["checkin_database_up"]; !ok || v != 0 {
		t.Errorf("checkin_database_up = %v (present %v); want 0", v, ok)
	}
	if strings.Contains(text, "checkin_service_state{") {
		t.Errorf("service states are exported although the database is closed")
	}
	if _, ok := got[`checkin_http_requests_total{code="204",route="/"}`]; !ok {
		t.Errorf("the rest of the metrics are missing")
	}
}
