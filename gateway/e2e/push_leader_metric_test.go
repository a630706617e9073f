package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// A gateway without push mode exports no checkin_push_leader: the alert on the leaders of a
// store (CheckinPushLeadersNotOne) counts only gateways that push.
func TestPushLeaderMetricOnlyInPushMode(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, filepath.Join(dir, "checkins.db"))
	_, body := get(t, p.URL+"/metrics")
	if !strings.Contains(body, "\ncheckin_services{") {
		t.Fatalf("/metrics has no checkin_services:\n%s", body)
	}
	if strings.Contains(body, "checkin_push_leader") {
		t.Error("a gateway without --icinga-url exports checkin_push_leader")
	}
}
