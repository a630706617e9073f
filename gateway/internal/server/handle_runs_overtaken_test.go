package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

const overtakenUUID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"

// A run killed before its finish (a reboot, the OOM killer) stays open in the store. Once the
// next run has started and finished, as runitor and checkin-ping send them (start, finish,
// each with its own rid), the killed run no longer holds the service WARNING or CRITICAL,
// as Healthchecks forgets a start when the next one comes.
func TestRunOvertakenByTheNextRun(t *testing.T) { backendtest.Each(t, testRunOvertakenByTheNextRun) }

func testRunOvertakenByTheNextRun(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, `{"job": {"token": "secret-job", "timeout": "1d", "max_runtime": "1h", "ping_uuid": "`+overtakenUUID+`"}}`)
	ping := func(path string) {
		t.Helper()
		if code, body, _ := f.do(t, "POST", "/ping/"+overtakenUUID+path, "text/plain", ""); code != http.StatusOK {
			t.Fatalf("POST /ping/{uuid}%s = %d %s; want 200", path, code, body)
		}
	}
	ping("/start?rid=killed")
	f.clock.Add(2 * time.Hour)
	if st := getState(t, f, "/api/v1/services/job"); st.Status != checkin.Warning {
		t.Fatalf("2h after a start without finish: %v %q; want WARNING", st.Status, st.Info)
	}
	ping("/start?rid=next")
	f.clock.Add(time.Minute)
	ping("/0?rid=next")
	for _, after := range []time.Duration{0, 2 * time.Hour} {
		f.clock.Add(after)
		st := getState(t, f, "/api/v1/services/job")
		if st.Status != checkin.OK || st.RunningSince != nil || st.Overdue {
			t.Errorf("%v after the next run finished: %v %q, running_since %v, overdue %v; want OK, no run open",
				after, st.Status, st.Info, st.RunningSince, st.Overdue)
		}
	}
}
