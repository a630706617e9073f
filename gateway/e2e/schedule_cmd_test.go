package e2e

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// TestScheduleCommandExitStatus runs the real binary: a bad expression exits 2 with the
// message on standard error.
func TestScheduleCommandExitStatus(t *testing.T) {
	cmd := exec.Command(gatewaytest.Binary(t), "schedule", "0 0 30 2 *")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("checkin-gateway schedule '0 0 30 2 *' = %v; want exit status 2", err)
	}
	if want := "checkin-gateway: field schedule: \"0 0 30 2 *\": never runs"; !strings.HasPrefix(stderr.String(), want) || stdout.Len() > 0 {
		t.Errorf("stderr %q, stdout %q; want only %q on stderr", stderr.String(), stdout.String(), want)
	}
}
