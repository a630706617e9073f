package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// --metrics-services reaches the metrics: none leaves only the counts per state.
func TestMetricsServicesFlag(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	p := startGateway(t, cfg, filepath.Join(dir, "checkins.db"), "--metrics-services=none")
	_, body := get(t, p.URL+"/metrics")
	if !strings.Contains(body, "\n"+`checkin_services{state="UNKNOWN"} `) {
		t.Errorf("/metrics lacks the count of UNKNOWN services:\n%s", body)
	}
	if strings.Contains(body, "checkin_service_state{") {
		t.Errorf("--metrics-services=none exports checkin_service_state")
	}
}
