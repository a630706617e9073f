package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/history"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

const scheduledServices = `{
	"backup": {"token": "secret-backup", "timeout": "1d", "owner": "ops"},
	"monthly": {"token": "secret-monthly", "schedule": "0 2 1 * *", "tz": "Europe/Berlin", "timeout": "1h", "max_runtime": "2h"}
}`

// postJSON sends a check-in body and returns the status code and body.
func postJSON(t *testing.T, f *fixture, body string) (int, string) {
	t.Helper()
	code, resp, _ := f.do(t, "POST", "/api/v1/checkins", "application/json", body)
	return code, resp
}

// A START opens a run (running_since), a later report closes it (last_duration_seconds), and
// only a report with the same run_id closes a run that has one.
func TestRunsInTheStateAnswer(t *testing.T) { backendtest.Each(t, testRunsInTheStateAnswer) }

func testRunsInTheStateAnswer(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, scheduledServices)
	start := f.clock.Now().UTC()
	for _, body := range []string{
		`{"service": "monthly", "token": "secret-monthly", "status": "start", "run_id": "run-1"}`,
	} {
		if code, resp := postJSON(t, f, body); code != http.StatusNoContent {
			t.Fatalf("POST %s = %d %s; want 204", body, code, resp)
		}
	}
	st := getState(t, f, "/api/v1/services/monthly")
	if st.RunningSince == nil || !st.RunningSince.Equal(start) || st.Status != checkin.Unknown {
		t.Errorf("after START: running_since %v, status %v; want %v, UNKNOWN (a start is no report)", st.RunningSince, st.Status, start)
	}
	if st.Schedule != "0 2 1 * *" || st.TZ != "Europe/Berlin" {
		t.Errorf("schedule, tz = %q, %q; want the configured ones", st.Schedule, st.TZ)
	}
	f.clock.Add(90 * time.Second)
	if code, resp := postJSON(t, f, `{"service": "monthly", "token": "secret-monthly", "status": "OK", "run_id": "other"}`); code != 204 {
		t.Fatalf("finish with another run_id = %d %s", code, resp)
	}
	if st := getState(t, f, "/api/v1/services/monthly"); st.RunningSince == nil || st.LastDurationSeconds != nil {
		t.Errorf("after a finish of another run: running_since %v, last_duration %v; want the run still open", st.RunningSince, st.LastDurationSeconds)
	}
	f.clock.Add(30 * time.Second)
	if code, resp := postJSON(t, f, `{"service": "monthly", "token": "secret-monthly", "status": "OK", "run_id": "run-1", "info": "done"}`); code != 204 {
		t.Fatalf("finish = %d %s", code, resp)
	}
	st = getState(t, f, "/api/v1/services/monthly")
	if st.RunningSince != nil || st.LastDurationSeconds == nil || *st.LastDurationSeconds != 120 {
		t.Errorf("after the finish: running_since %v, last_duration %v; want none, 120", st.RunningSince, st.LastDurationSeconds)
	}
	// The next run is due at 02:00 Berlin time on 1 December; the service turns WARNING an hour later.
	wantDue := time.Date(2026, 12, 1, 2, 0, 0, 0, mustZone(t, "Europe/Berlin")).Add(time.Hour)
	if st.NextDueAt == nil || !st.NextDueAt.Equal(wantDue) {
		t.Errorf("next_due_at = %v; want %v", st.NextDueAt, wantDue)
	}

	code, body, _ := f.do(t, "GET", "/api/v1/services/monthly/history", "", "")
	if code != 200 {
		t.Fatalf("history = %d %s", code, body)
	}
	var hist []checkin.HistoryEntry
	if err := json.Unmarshal([]byte(body), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || hist[0].DurationSeconds == nil || *hist[0].DurationSeconds != 120 || hist[0].RunID != "run-1" ||
		hist[2].Kind != checkin.KindStart || !strings.Contains(body, `"kind":"start"`) {
		t.Errorf("history = %s; want the finish with duration 120 and run_id, and the start marked as such", body)
	}
}

func TestRunCheckinsRefused(t *testing.T) { backendtest.Each(t, testRunCheckinsRefused) }

func testRunCheckinsRefused(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, scheduledServices)
	for _, tt := range []struct{ body, want string }{
		{`{"service": "monthly", "token": "secret-monthly", "status": "BEGIN"}`, "START"},
		{`{"service": "monthly", "token": "secret-monthly", "status": "START", "run_id": "a b"}`, "run_id"},
		{`{"service": "monthly", "token": "secret-monthly", "status": "OK", "run_id": ""}`, "run_id"},
		{fmt.Sprintf(`{"service": "monthly", "token": "secret-monthly", "status": "OK", "run_id": %q}`, strings.Repeat("a", 65)), "run_id"},
	} {
		if code, resp := postJSON(t, f, tt.body); code != 400 || !strings.Contains(resp, tt.want) {
			t.Errorf("POST %s = %d %s; want 400 naming %s", tt.body, code, resp, tt.want)
		}
	}
	if h, err := storagetest.History(t.Context(), f.store, "monthly", 10); err != nil || len(h) != 0 {
		t.Errorf("history after refused check-ins = %v, %v; want nothing stored", h, err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// History pages: ?limit up to 1,000, ?before=ID, and a Link header to the next page while there
// is more.
func TestHistoryPages(t *testing.T) { backendtest.Each(t, testHistoryPages) }

func testHistoryPages(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	for i := range 5 {
		f.checkin(t, "backup", "secret-backup", "OK", fmt.Sprint("run ", i))
		f.clock.Add(time.Minute)
	}
	var infos []string
	path := "/api/v1/services/backup/history?limit=2"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("history pages do not end")
		}
		code, body, hdr := f.do(t, "GET", path, "", "")
		if code != 200 {
			t.Fatalf("GET %s = %d %s", path, code, body)
		}
		var hist []checkin.HistoryEntry
		if err := json.Unmarshal([]byte(body), &hist); err != nil {
			t.Fatal(err)
		}
		for _, h := range hist {
			infos = append(infos, h.Info)
		}
		page := path
		path = ""
		if link := hdr.Get("Link"); link != "" {
			next, ok := strings.CutPrefix(link, "<")
			next, rest, _ := strings.Cut(next, ">")
			if !ok || rest != `; rel="next"` {
				t.Fatalf("Link = %q; want <...>; rel=\"next\"", link)
			}
			path = gatewaytest.Resolve(t, page, next)
		}
	}
	if got := strings.Join(infos, ","); got != "run 4,run 3,run 2,run 1,run 0" {
		t.Errorf("paged history = %s; want every check-in once, newest first", got)
	}
	for _, tt := range []struct{ path, want string }{
		{"/api/v1/services/backup/history?limit=1001", "limit"},
		{"/api/v1/services/backup/history?before=x", "before"},
		{"/api/v1/services/backup/history?before=0", "before"},
		{"/api/v1/services/backup/history?before=999999", "before"},
	} {
		if code, body, _ := f.do(t, "GET", tt.path, "", ""); code != 400 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s = %d %s; want 400 naming %s", tt.path, code, body, tt.want)
		}
	}
}

// A page stops at 4 MiB of JSON whatever its limit, and says where to go on.
func TestHistoryPageByteCap(t *testing.T) { backendtest.Each(t, testHistoryPageByteCap) }

func testHistoryPageByteCap(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	big := strings.Repeat("x", 60<<10)
	for range 80 { // 80 × 60 KiB = 4.7 MiB
		f.checkin(t, "backup", "secret-backup", "OK", big)
	}
	code, body, hdr := f.do(t, "GET", "/api/v1/services/backup/history?limit=1000", "", "")
	if code != 200 {
		t.Fatalf("history = %d", code)
	}
	var hist []checkin.HistoryEntry
	if err := json.Unmarshal([]byte(body), &hist); err != nil {
		t.Fatal(err)
	}
	if len(body) > history.MaxPageBytes || len(hist) >= 80 || len(hist) < 60 || !strings.Contains(hdr.Get("Link"), "before=") {
		t.Errorf("page of %d bytes with %d entries, Link %q; want at most %d bytes, fewer than 80, and a next link",
			len(body), len(hist), hdr.Get("Link"), history.MaxPageBytes)
	}
}
