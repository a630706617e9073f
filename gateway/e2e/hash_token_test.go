package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// secretBackupHash is the SHA-256 of "secret-backup", as printf 'secret-backup' | sha256sum prints it.
const secretBackupHash = "9fb25e8c9ccd5835be65786aa233d416dab596c058c786127ce2adb9e53181f8"

// The real binary reads the token from its standard input.
func TestHashTokenBinary(t *testing.T) {
	cmd := exec.Command(gatewaytest.Binary(t), "hash-token")
	cmd.Stdin = strings.NewReader("secret-backup\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out); got != secretBackupHash+"\n" {
		t.Errorf("checkin-gateway hash-token = %q; want %s", got, secretBackupHash)
	}
}
