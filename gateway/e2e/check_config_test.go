package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// The unit's ExecReload runs `checkin-gateway check-config` with the unit's environment and
// relies on the exit code: 0 goes on to SIGHUP, anything else refuses the reload.
func TestCheckConfigBinary(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, testServices)
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, `{"backup": {"token": "x"}}`)
	tests := []struct {
		name       string
		config     string
		wantCode   int
		wantStderr string
	}{
		{"valid", good, 0, ""},
		{"invalid", bad, 1, "checkin-gateway: " + bad + `: service "backup": field timeout: missing (use 0 for never overdue, or set a schedule)` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(gatewaytest.Binary(t), "check-config")
			cmd.Env = append(os.Environ(), "CHECKIN_CONFIG="+tt.config)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || stderr.String() != tt.wantStderr {
				t.Errorf("check-config with %s: exit %d, stderr %q; want exit %d, stderr %q", tt.config, code, stderr.String(), tt.wantCode, tt.wantStderr)
			}
		})
	}
}
