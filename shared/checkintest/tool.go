package checkintest

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTool returns the path of an outside program the test needs. When it is missing the
// test is skipped, or fails when CHECKIN_REQUIRE_ALL=1 (as .ci/run sets it).
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		SkipOrFail(t, "%s is not installed: %v", name, err)
	}
	return path
}

// SkipOrFail skips the test because something it needs is missing, or fails it when
// CHECKIN_REQUIRE_ALL=1, where nothing may be missing.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CHECKIN_REQUIRE_ALL") == "1" {
		t.Fatalf(format+" (required: CHECKIN_REQUIRE_ALL=1)", args...)
	}
	t.Skipf(format, args...)
}
