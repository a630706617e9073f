package checkintest

import (
	"errors"
	"os/exec"
	"testing"
)

// ExitCode is the exit code of a finished command from the error its Run or Wait returned: 0
// for nil, -1 when a signal ended it or it did not start.
func ExitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	default:
		return -1
	}
}

// WantExit fails the test when a program named what exited with got instead of want, and
// shows what it wrote to stderr: an exit code alone does not say why.
func WantExit(t testing.TB, what string, got, want int, stderr string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: exit code = %d; want %d; its stderr:\n%s", what, got, want, stderr)
	}
}
