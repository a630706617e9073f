// Package gatewaytest runs the real checkin-gateway binary for end-to-end tests: built once
// per test binary, started on a free 127.0.0.1 port, stopped with a signal. Only tests
// import it.
package gatewaytest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// mainPackage is the gateway's main package, built by import path so that tests anywhere in
// the module can build it.
const mainPackage = "github.com/checkin-gateway/checkin-gateway/gateway"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds checkin-gateway once per test binary and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "checkin-gateway-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "checkin-gateway")
		out, err := exec.Command("go", "build", "-o", binPath, mainPackage).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build %s: %v\n%s", mainPackage, err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}
