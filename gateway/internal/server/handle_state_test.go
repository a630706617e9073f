package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func getState(t *testing.T, f *fixture, path string) checkin.State {
	t.Helper()
	code, body, hdr := f.do(t, "GET", path, "", "")
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d %s; want 200", path, code, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s Content-Type = %q", path, ct)
	}
	var answer checkin.State
	if err := json.Unmarshal([]byte(body), &answer); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
	return answer
}

func TestStateOverTime(t *testing.T) { backendtest.Each(t, testStateOverTime) }

func testStateOverTime(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	start := f.clock.Now()
	i64 := func(n int64) *int64 { return &n }
	statusPtr := func(s checkin.Status) *checkin.Status { return &s }
	at := start.UTC()
	due := at.Add(24 * time.Hour)

	never := checkin.State{Service: "backup", Status: checkin.Unknown, Info: "never reported in",
		TimeoutSeconds: 86400, GraceSeconds: 43200, Owner: "ops"}
	for _, path := range []string{"/report?service=backup", "/?service=backup", "/api/v1/services/backup"} {
		if diff := cmp.Diff(never, getState(t, f, path)); diff != "" {
			t.Errorf("GET %s before any report (-want +got):\n%s", path, diff)
		}
	}

	f.checkin(t, "backup", "secret-backup", "OK", "42 files")
	steps := []struct {
		advance time.Duration
		want    checkin.State
	}{
		{0, checkin.State{Service: "backup", Status: checkin.OK, Timestamp: at.Unix(), Info: "42 files",
			ReportedStatus: statusPtr(checkin.OK), ReportedAt: &at, AgeSeconds: i64(0), TimeoutSeconds: 86400, GraceSeconds: 43200, Owner: "ops", NextDueAt: &due}},
		{24 * time.Hour, checkin.State{Service: "backup", Status: checkin.OK, Timestamp: at.Unix(), Info: "42 files",
			ReportedStatus: statusPtr(checkin.OK), ReportedAt: &at, AgeSeconds: i64(86400), TimeoutSeconds: 86400, GraceSeconds: 43200, Owner: "ops", NextDueAt: &due}},
		{time.Second, checkin.State{Service: "backup", Status: checkin.Warning, Timestamp: at.Unix(),
			Info:           "overdue by 1s (timeout 1d, grace 12h); last report OK: 42 files",
			ReportedStatus: statusPtr(checkin.OK), ReportedAt: &at, AgeSeconds: i64(86401), TimeoutSeconds: 86400, GraceSeconds: 43200, Overdue: true, Owner: "ops", NextDueAt: &due}},
		{12 * time.Hour, checkin.State{Service: "backup", Status: checkin.Critical, Timestamp: at.Unix(),
			Info:           "overdue by 12h (timeout 1d, grace 12h); last report OK: 42 files",
			ReportedStatus: statusPtr(checkin.OK), ReportedAt: &at, AgeSeconds: i64(129601), TimeoutSeconds: 86400, GraceSeconds: 43200, Overdue: true, Owner: "ops", NextDueAt: &due}},
	}
	for i, s := range steps {
		f.clock.Add(s.advance)
		if diff := cmp.Diff(s.want, getState(t, f, "/api/v1/services/backup")); diff != "" {
			t.Errorf("step %d (+%v) (-want +got):\n%s", i, s.advance, diff)
		}
	}
}

// The older plugin reads exactly these four keys; their JSON form must not change.
func TestStateKeepsOldGatewayFields(t *testing.T) {
	backendtest.Each(t, testStateKeepsOldGatewayFields)
}

func testStateKeepsOldGatewayFields(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "laptop", "secret-laptop", "critical", "apt failed")
	_, body, _ := f.do(t, "GET", "/report?service=laptop", "", "")
	var old map[string]any
	if err := json.Unmarshal([]byte(body), &old); err != nil {
		t.Fatal(err)
	}
	if old["service"] != "laptop" || old["status"] != "CRITICAL" || old["info"] != "apt failed" ||
		old["timestamp"] != float64(f.clock.Now().Unix()) {
		t.Errorf("answer %s lacks the older gateway's service/status/info/timestamp", body)
	}
	if !strings.Contains(body, `"timestamp":1795`) {
		t.Errorf("timestamp is not integer Unix seconds in %s", body)
	}
}

func TestStateTolerateFailures(t *testing.T) { backendtest.Each(t, testStateTolerateFailures) }

func testStateTolerateFailures(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "tolerant", "secret-tolerant", "OK", "fine")
	f.clock.Add(10 * time.Minute)
	f.checkin(t, "tolerant", "secret-tolerant", "CRITICAL", "flaky")
	got := getState(t, f, "/api/v1/services/tolerant")
	if got.Status != checkin.OK || got.Info != "fine (tolerating a newer CRITICAL report: flaky)" || *got.ReportedStatus != checkin.Critical {
		t.Errorf("tolerant state = %+v; want OK tolerating the CRITICAL", got)
	}
	f.clock.Add(51 * time.Minute) // the OK is now 61 minutes old: past the 1h timeout
	if got := getState(t, f, "/api/v1/services/tolerant"); got.Status != checkin.Critical {
		t.Errorf("state once the OK is stale = %v; want CRITICAL", got.Status)
	}
}

func TestStateTimeoutZero(t *testing.T) { backendtest.Each(t, testStateTimeoutZero) }

func testStateTimeoutZero(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "archive", "secret-archive", "OK", "")
	f.clock.Add(10000 * 24 * time.Hour)
	if got := getState(t, f, "/api/v1/services/archive"); got.Status != checkin.OK || got.Overdue {
		t.Errorf("timeout 0 after 10000 days = %+v; want OK, not overdue", got)
	}
}

func TestStateErrors(t *testing.T) { backendtest.Each(t, testStateErrors) }

func testStateErrors(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		path     string
		wantCode int
		wantMsg  string
	}{
		{"/report", 400, "missing query parameter service"},
		{"/report?service=", 400, "missing query parameter service"},
		{"/?other=1", 400, "missing query parameter service"},
		{"/report?service=nosuch", 404, `service "nosuch" is not configured`},
		{"/api/v1/services/nosuch", 404, `service "nosuch" is not configured`},
		{"/api/v1/services/nosuch/history", 404, `service "nosuch" is not configured`},
		{"/api/v1/services/backup/history?limit=0", 400, "limit"},
		{"/api/v1/services/backup/history?limit=1001", 400, "limit"},
		{"/api/v1/services/backup/history?limit=ten", 400, "limit"},
		{"/nowhere", 404, "no such endpoint"},
	}
	f := newFixture(t, b)
	for _, tt := range tests {
		code, body, hdr := f.do(t, "GET", tt.path, "", "")
		if code != tt.wantCode {
			t.Errorf("GET %s = %d; want %d", tt.path, code, tt.wantCode)
		}
		if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("GET %s error = %q; want it to mention %q", tt.path, msg, tt.wantMsg)
		}
	}
}

func TestServicesList(t *testing.T) { backendtest.Each(t, testServicesList) }

func testServicesList(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "laptop", "secret-laptop", "WARNING", "reboot pending")
	code, body, _ := f.do(t, "GET", "/api/v1/services", "", "")
	if code != 200 {
		t.Fatalf("GET /api/v1/services = %d", code)
	}
	var list []checkin.State
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Service+"="+s.Status.String())
	}
	want := "archive=UNKNOWN backup=UNKNOWN db dump@host:1=UNKNOWN laptop=WARNING tolerant=UNKNOWN"
	if strings.Join(got, " ") != want {
		t.Errorf("services = %v; want %s", got, want)
	}
}

func TestHistory(t *testing.T) { backendtest.Each(t, testHistory) }

func testHistory(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	for i, s := range []string{"OK", "WARNING", "CRITICAL"} {
		f.checkin(t, "backup", "secret-backup", s, "run "+s)
		if i < 2 {
			f.clock.Add(time.Hour)
		}
	}
	code, body, _ := f.do(t, "GET", "/api/v1/services/backup/history?limit=2", "", "")
	if code != 200 {
		t.Fatalf("history = %d %s", code, body)
	}
	var hist []checkin.HistoryEntry
	if err := json.Unmarshal([]byte(body), &hist); err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now()
	want := []checkin.HistoryEntry{
		{Status: checkin.Critical, Info: "run CRITICAL", Timestamp: now.Unix(), ReportedAt: now},
		{Status: checkin.Warning, Info: "run WARNING", Timestamp: now.Add(-time.Hour).Unix(), ReportedAt: now.Add(-time.Hour)},
	}
	if diff := cmp.Diff(want, hist, cmpopts.IgnoreFields(checkin.HistoryEntry{}, "ID")); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if len(hist) == 2 && hist[0].ID <= hist[1].ID {
		t.Errorf("history ids %d, %d; want the newest (first) to have the larger id", hist[0].ID, hist[1].ID)
	}
	_, body, _ = f.do(t, "GET", "/api/v1/services/laptop/history", "", "")
	if strings.TrimSpace(body) != "[]" {
		t.Errorf("empty history = %s; want []", body)
	}
}

func TestAlive(t *testing.T) { backendtest.Each(t, testAlive) }

func testAlive(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	for _, method := range []string{"GET", "HEAD"} {
		if code, body, _ := f.do(t, method, "/alive", "", ""); code != http.StatusNoContent || body != "" {
			t.Errorf("%s /alive = %d %q; want 204", method, code, body)
		}
	}
	f.store.Close()
	code, body, hdr := f.do(t, "GET", "/alive", "", "")
	if code != http.StatusServiceUnavailable {
		t.Errorf("GET /alive with the database closed = %d; want 503", code)
	}
	if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "database") {
		t.Errorf("GET /alive error = %q; want it to name the database", msg)
	}
	code, body, _ = f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK"}`)
	if code != http.StatusServiceUnavailable {
		t.Errorf("check-in with the database closed = %d %s; want 503", code, body)
	}
}

// A name with characters a client may escape or not is found either way; {name} is
// percent-decoded once, so a doubly escaped name (%2562 for "b") names no service.
func TestStateNameEscaping(t *testing.T) { backendtest.Each(t, testStateNameEscaping) }

func testStateNameEscaping(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "db dump@host:1", "secret-dump", "OK", "dumped")
	f.checkin(t, "backup", "secret-backup", "OK", "dumped")
	tests := []struct {
		path string
		want int
	}{
		{"/api/v1/services/db%20dump@host:1", 200},
		{"/api/v1/services/db%20dump%40host%3A1", 200},
		{"/report?service=db+dump%40host%3A1", 200},
		{"/api/v1/services/db%20dump%40host%3A1/history", 200},
		{"/status/db%20dump%40host%3A1", 200},
		{"/api/v1/services/%62ackup", 200},
		{"/api/v1/services/%2562ackup", 404},
		{"/api/v1/services/%2562ackup/history", 404},
		{"/status/%2562ackup", 404},
		{"/api/v1/services/%2562ackup%40x", 404},
		{"/api/v1/services/db%2520dump%40host%3A1", 404},
		{"/api/v1/services/db%2520dump@host:1", 404},
	}
	for _, tt := range tests {
		code, body, _ := f.do(t, "GET", tt.path, "", "")
		if code != tt.want || (tt.want == 200 && !strings.Contains(body, "dumped")) {
			t.Errorf("GET %s = %d %.200s; want %d", tt.path, code, body, tt.want)
		}
	}
}
