package main

import (
	"os"
	"os/exec"
	"testing"
)

// needTool returns the path of an outside program the test needs. When it is missing the test
// is skipped, or fails when CHECKIN_REQUIRE_ALL=1 (as .ci/run sets it).
func needTool(t *testing.T, name string, alsoTry ...string) string {
	t.Helper()
	if path, err := exec.LookPath(name); err == nil {
		return path
	}
	for _, path := range alsoTry {
		if info, err := os.Stat(path); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return path
		}
	}
	if os.Getenv("CHECKIN_REQUIRE_ALL") == "1" {
		t.Fatalf("%s is not installed, and CHECKIN_REQUIRE_ALL=1 requires it", name)
	}
	t.Skipf("%s is not installed (set CHECKIN_REQUIRE_ALL=1 to fail instead)", name)
	return ""
}
