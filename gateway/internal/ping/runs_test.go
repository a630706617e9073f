package ping

import (
	"context"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// TestPingStartAndLog: start and log pings are stored with their kind and run id, never count
// as the newest report, and the finishing ping closes the run with its rid and records the
// run's duration.
func TestPingStartAndLog(t *testing.T) { backendtest.Each(t, testPingStartAndLog) }

func testPingStartAndLog(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b, testKey)
	const rid = "5f1e7c1a-0000-4000-8000-000000000001"
	steps := []struct {
		path, body string
		after      time.Duration // how long after the previous ping it is sent
	}{
		{"/ping/" + backupUUID + "/fail", "old failure", 0},
		{"/ping/" + backupUUID + "/start?rid=" + rid, "", time.Hour},
		{"/ping/" + backupUUID + "/start?rid=other-run", "", time.Minute}, // an overlapping run
		{"/ping/" + testKey + "/backup/log?rid=" + rid, "halfway there", 2 * time.Minute},
		{"/ping/" + backupUUID + "/0?rid=" + rid, "done", 3 * time.Minute},
	}
	for i, p := range steps {
		f.advance(p.after)
		if code, body, _ := f.do(t, "POST", p.path, "text/plain", p.body); code != 200 || body != "OK" {
			t.Fatalf("POST %s = %d %q; want 200 OK", RedactPath(p.path), code, body)
		}
		if i == 3 { // after the starts and the log entry, the newest report is still the failure
			sum, err := f.store.Summary(context.Background(), "backup")
			if err != nil || sum.Latest.Status != checkin.Critical || sum.Latest.Info != "old failure" {
				t.Errorf("newest report after start and log = %+v, %v; want the CRITICAL one", sum.Latest, err)
			}
		}
	}
	h, err := storagetest.History(context.Background(), f.store, "backup", 10)
	if err != nil || len(h) != 5 {
		t.Fatalf("history = %+v, %v; want 5 entries", h, err)
	}
	want := []struct {
		kind     checkin.Kind
		status   checkin.Status
		info     string
		runID    string
		duration time.Duration
	}{
		{checkin.KindReport, checkin.OK, "exit status 0: done", rid, 6 * time.Minute},
		{checkin.KindLog, checkin.OK, "halfway there", rid, 0},
		{checkin.KindStart, checkin.OK, "", "other-run", 0},
		{checkin.KindStart, checkin.OK, "", rid, 0},
		{checkin.KindReport, checkin.Critical, "old failure", "", 0},
	}
	for i, w := range want {
		if c := h[i]; c.Kind != w.kind || c.Status != w.status || c.Info != w.info || c.RunID != w.runID || c.Duration != w.duration {
			t.Errorf("history[%d] = %v %v %q rid %q %v; want %v %v %q rid %q %v", i,
				c.Kind, c.Status, c.Info, c.RunID, c.Duration, w.kind, w.status, w.info, w.runID, w.duration)
		}
	}
	sum, err := f.store.Summary(context.Background(), "backup")
	if err != nil || sum.Latest.Info != "exit status 0: done" || sum.LastDuration != 6*time.Minute || sum.RunID != "other-run" {
		t.Errorf("summary = %+v, %v; want the OK report newest, last run 6m, other-run still open", sum, err)
	}
}
