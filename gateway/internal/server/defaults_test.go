package server

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

const defaultsServices = `{
	"every10": {"token": "secret-every10", "schedule": "*/10 * * * *"},
	"pinged":  {"timeout": "1d", "ping_uuid": "` + pingUUID + `"}
}`

// TestScheduledServiceDefaultGrace: a job every 10 minutes that stops reporting is CRITICAL an
// hour after it turned WARNING, not 12 hours later.
func TestScheduledServiceDefaultGrace(t *testing.T) {
	backendtest.Each(t, testScheduledServiceDefaultGrace)
}

func testScheduledServiceDefaultGrace(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, defaultsServices)
	f.checkin(t, "every10", "secret-every10", "OK", "") // at 12:00; the 12:10 run is due by 13:10
	f.clock.Add(2*time.Hour + 11*time.Minute)           // 14:11: 1h of grace has passed
	code, body, _ := f.do(t, "GET", "/api/v1/services/every10", "", "")
	var st struct {
		Status       string
		GraceSeconds int64 `json:"grace_seconds"`
	}
	if err := json.Unmarshal([]byte(body), &st); code != http.StatusOK || err != nil {
		t.Fatalf("GET every10 = %d %s (%v)", code, body, err)
	}
	if st.Status != "CRITICAL" || st.GraceSeconds != 3600 {
		t.Errorf("every10 at 14:11 = %s, grace %ds; want CRITICAL, grace 3600s\n%s", st.Status, st.GraceSeconds, body)
	}
}

// TestPingOnlyService: a service with a ping_uuid and no token takes pings, and refuses every
// check-in, whatever token it carries, and stores nothing for them.
func TestPingOnlyService(t *testing.T) { backendtest.Each(t, testPingOnlyService) }

func testPingOnlyService(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, defaultsServices)
	if code, body, _ := f.do(t, "POST", "/ping/"+pingUUID, "text/plain", "done"); code != http.StatusOK {
		t.Fatalf("ping = %d %q; want 200", code, body)
	}
	for _, token := range []string{"x", pingUUID, "secret-every10"} {
		body, _ := json.Marshal(map[string]string{"service": "pinged", "token": token, "status": "CRITICAL"})
		if code, resp, _ := f.do(t, "POST", "/api/v1/checkins", "application/json", string(body)); code != http.StatusUnauthorized {
			t.Errorf("check-in for the ping-only service = %d %s; want 401", code, resp)
		}
	}
	code, body, _ := f.do(t, "GET", "/api/v1/services/pinged", "", "")
	var st struct{ Status, Info string }
	if err := json.Unmarshal([]byte(body), &st); code != http.StatusOK || err != nil || st.Status != "OK" || st.Info != "done" {
		t.Errorf("pinged = %d %s; want OK done, from the ping only", code, body)
	}
}
