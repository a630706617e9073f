package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// A reload names the services it added, removed and changed, at most 20 of each and how many
// more, so a rename or a typo in services.json shows in the log.
func TestReloadLogsChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	cfg := filepath.Join(t.TempDir(), "services.json")
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"nightly-backup": {"token": "t1", "timeout": "1d"}, "db": {"token": "t2", "timeout": "1h"},
		"mail queue": {"token": "t3", "timeout": "1h"}}`)
	g := gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Config: cfg})

	var many []string
	for i := range 23 {
		many = append(many, fmt.Sprintf(`"new-%02d": {"token": "t", "timeout": "1h"}`, i))
	}
	write(`{"nightly-backup": {"token": "t1", "timeout": "2d"}, "database": {"token": "t2", "timeout": "1h"},
		"mail queue": {"token": "t3", "timeout": "1h"}, ` + strings.Join(many, ", ") + `}`)
	g.Signal(t, syscall.SIGHUP)
	line := waitLogLine(t, g, "configuration reloaded")
	for _, want := range []string{`services=26`, `added="database, new-00, new-01, `, `, new-18 and 4 more"`,
		`removed=db`, `changed=nightly-backup`} {
		if !strings.Contains(line, want) {
			t.Errorf("reload line lacks %s:\n%s", want, line)
		}
	}
	if strings.Contains(line, "mail queue") {
		t.Errorf("reload line names an unchanged service:\n%s", line)
	}
}

// waitLogLine waits up to 10 s for a line of the gateway's log that contains msg.
func waitLogLine(t *testing.T, g *gatewaytest.Gateway, msg string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for line := range strings.Lines(g.Stderr.String()) {
			if strings.Contains(line, msg) {
				return line
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %q in the log within 10 s:\n%s", msg, g.Stderr)
	return ""
}
