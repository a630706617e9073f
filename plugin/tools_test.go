package main

import (
	"os"
	"os/exec"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// needTool returns the path of an outside program the test needs. When it is missing the test
// is skipped, or fails when CHECKIN_REQUIRE_ALL=1 (as .ci/run sets it).
func needTool(t *testing.T, name string, alsoTry ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		// Not on PATH: look where the Debian package puts it (/usr/sbin is not on every PATH).
		for _, path := range alsoTry {
			if info, err := os.Stat(path); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
				return path
			}
		}
	}
	return checkintest.RequireTool(t, name)
}
