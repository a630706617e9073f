package server

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
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

func TestMetricsServices(t *testing.T) { backendtest.Each(t, testMetricsServices) }

func testMetricsServices(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "backup", "secret-backup", "OK", "done")
	f.checkin(t, "laptop", "secret-laptop", "CRITICAL", "apt failed")
	f.checkin(t, "laptop", "secret-laptop", "CRITICAL", "apt failed again")
	f.checkin(t, "tolerant", "secret-tolerant", "OK", "")
	f.checkin(t, "tolerant", "secret-tolerant", "WARNING", "flaky")
	reported := float64(f.clock.Now().Unix())

	want := map[string]float64{
		`checkin_service_state{service="backup"}`:                          0,
		`checkin_service_state{service="laptop"}`:                          2,
		`checkin_service_state{service="archive"}`:                         3,
		`checkin_service_state{service="tolerant"}`:                        0, // tolerated
		`checkin_service_state{service="db dump@host:1"}`:                  3,
		`checkin_service_last_checkin_timestamp_seconds{service="backup"}`: reported,
		`checkin_service_due_in_seconds{service="backup"}`:                 86400,
		`checkin_service_due_in_seconds{service="laptop"}`:                 2 * 86400,
		`checkin_services{state="OK"}`:                                     2,
		`checkin_services{state="CRITICAL"}`:                               1,
		`checkin_services{state="WARNING"}`:                                0,
		`checkin_services{state="UNKNOWN"}`:                                2,
		`checkin_checkins_received_total{status="CRITICAL"}`:               2,
		`checkin_checkins_received_total{status="OK"}`:                     2,
		`checkin_checkins_received_total{status="WARNING"}`:                1,
		`checkin_checkins_received_total{status="UNKNOWN"}`:                0,
		`checkin_database_up`:                                              1,
	}
	got, text := f.scrape(t)
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (present %v); want %v", k, g, ok, v)
		}
	}
	// A service that never checked in has no time and no deadline; one with timeout 0 is
	// never due. The series that went to the aggregates or the API are gone.
	for _, absent := range []string{`checkin_service_last_checkin_timestamp_seconds{service="archive"}`,
		`checkin_service_due_in_seconds{service="archive"}`, "checkin_service_reported_status",
		"checkin_service_timeout_seconds", "checkin_service_grace_seconds", "checkin_service_overdue",
		`checkin_checkins_received_total{service=`} {
		if strings.Contains(text, absent) {
			t.Errorf("the metrics hold %s", absent)
		}
	}
	if got["checkin_database_size_bytes"] <= 0 {
		t.Errorf("checkin_database_size_bytes = %v; want > 0", got["checkin_database_size_bytes"])
	}

	// No new check-in: the state follows the clock at scrape time.
	steps := []struct {
		advance          time.Duration
		wantState, dueIn float64
	}{
		{90 * time.Minute, 0, 86400 - 90*60},
		{23*time.Hour + 30*time.Minute, 1, -3600}, // past the 1d timeout: WARNING
		{12 * time.Hour, 2, -13 * 3600},           // past the 12h grace: CRITICAL
	}
	for _, s := range steps {
		f.clock.Add(s.advance)
		got, _ := f.scrape(t)
		if g := got[`checkin_service_state{service="backup"}`]; g != s.wantState {
			t.Errorf("after +%v state = %v; want %v", s.advance, g, s.wantState)
		}
		if g := got[`checkin_service_due_in_seconds{service="backup"}`]; g != s.dueIn {
			t.Errorf("after +%v due in = %v; want %v", s.advance, g, s.dueIn)
		}
	}
}

// --metrics-services chooses which services get series of their own; the counts per state
// are there whatever it says.
func TestMetricsServiceSeries(t *testing.T) { backendtest.Each(t, testMetricsServiceSeries) }

func testMetricsServiceSeries(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		series  metrics.ServiceSeries
		present []string
		absent  []string
	}{
		{metrics.SeriesAll,
			[]string{`checkin_service_state{service="backup"}`, `checkin_service_state{service="laptop"}`, `checkin_service_state{service="archive"}`},
			nil},
		{metrics.SeriesProblems,
			[]string{`checkin_service_state{service="laptop"}`, `checkin_service_due_in_seconds{service="laptop"}`,
				`checkin_service_last_checkin_timestamp_seconds{service="laptop"}`, `checkin_service_state{service="archive"}`},
			[]string{`{service="backup"}`}},
		{metrics.SeriesNone, nil, []string{"checkin_service_"}},
	}
	for _, tt := range tests {
		t.Run(tt.series.String(), func(t *testing.T) {
			f := newFixtureDeps(t, b.Open(t), servicesJSON,
				func(d *Deps) { d.MetricsServices = tt.series })
			f.checkin(t, "backup", "secret-backup", "OK", "done")
			f.checkin(t, "laptop", "secret-laptop", "CRITICAL", "apt failed")
			got, text := f.scrape(t)
			for _, k := range tt.present {
				if _, ok := got[k]; !ok {
					t.Errorf("%s is missing", k)
				}
			}
			for _, k := range tt.absent {
				if strings.Contains(text, k) {
					t.Errorf("the metrics hold %s", k)
				}
			}
			if got[`checkin_services{state="OK"}`] != 1 || got[`checkin_services{state="CRITICAL"}`] != 1 {
				t.Errorf("checkin_services = OK %v, CRITICAL %v; want 1, 1",
					got[`checkin_services{state="OK"}`], got[`checkin_services{state="CRITICAL"}`])
			}
		})
	}
}

// Prometheus asks for gzip; the answer is gzip and the same text.
func TestMetricsGzip(t *testing.T) { backendtest.Each(t, testMetricsGzip) }

func testMetricsGzip(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	req, _ := http.NewRequest("GET", f.url+"/metrics", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q; want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), `checkin_service_state{service="backup"} 3`) {
		t.Errorf("the gzip answer lacks the states:\n%s", text)
	}
}

func TestMetricsRejectedAndUnknownServices(t *testing.T) {
	backendtest.Each(t, testMetricsRejectedAndUnknownServices)
}

func testMetricsRejectedAndUnknownServices(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
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
func TestMetricsPromtool(t *testing.T) { backendtest.Each(t, testMetricsPromtool) }

func testMetricsPromtool(t *testing.T, b backendtest.Backend) {
	promtool := checkintest.RequireTool(t, "promtool")
	f := newFixture(t, b)
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

// When the store is closed the scrape still answers, says so, and leaves out the services'
// states rather than report them wrong.
func TestMetricsDatabaseDown(t *testing.T) { backendtest.Each(t, testMetricsDatabaseDown) }

func testMetricsDatabaseDown(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
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

// A timed run (a START, then its report) shows as checkin_service_last_run_duration_seconds;
// a service with no timed run has none.
func TestMetricsRunDuration(t *testing.T) { backendtest.Each(t, testMetricsRunDuration) }

func testMetricsRunDuration(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "backup", "secret-backup", "START", "")
	f.clock.Add(90*time.Second + 500*time.Millisecond)
	f.checkin(t, "backup", "secret-backup", "OK", "done")
	f.checkin(t, "laptop", "secret-laptop", "OK", "")
	got, text := f.scrape(t)
	if v := got[`checkin_service_last_run_duration_seconds{service="backup"}`]; v != 90.5 {
		t.Errorf("last run duration of backup = %v; want 90.5", v)
	}
	if strings.Contains(text, `checkin_service_last_run_duration_seconds{service="laptop"}`) {
		t.Errorf("laptop, with no timed run, has a run duration series")
	}
}
