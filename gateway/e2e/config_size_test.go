package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// A services.json over 16 MiB is refused on reload: the old
// configuration keeps serving, and the log says why.
func TestReloadRefusesHugeServicesFile(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(cfg, []byte(floodServices), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: cfg})
	huge := `{"backup": {"token": "secret-backup", "timeout": "1d", "owner": "` + strings.Repeat("o", 17<<20) + `"}}`
	if err := os.WriteFile(cfg, []byte(huge), 0o600); err != nil {
		t.Fatal(err)
	}
	g.Signal(t, syscall.SIGHUP)
	waitLogCount(t, g, "reload failed", 1)
	if log := g.Stderr.String(); !strings.Contains(log, "larger than 16 MiB") {
		t.Errorf("the reload failure does not name the limit:\n%s", tail(log, 5))
	}
	for _, name := range []string{"backup", "laptop"} {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/services/%s", g.URL, name))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("after the refused reload, %s = %d; want 200 (old configuration kept)", name, resp.StatusCode)
		}
	}
}
