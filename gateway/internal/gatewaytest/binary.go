// Package gatewaytest is test support for the gateway: it runs the real checkin-gateway binary
// for end-to-end tests (built once per test binary, started on a free 127.0.0.1 port, stopped
// with a signal), and gives handler tests a hand-moved clock and HTTP helpers. Only tests
// import it.
package gatewaytest

import (
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// mainPackage is the gateway's main package, built by import path so that tests anywhere in
// the module can build it.
const mainPackage = "github.com/checkin-gateway/checkin-gateway/gateway"

// Binary builds checkin-gateway once per test binary and returns its path. A test that runs the
// binary is an end-to-end test: under -short it is skipped here.
func Binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test (runs the checkin-gateway binary): skipped under -short")
	}
	return checkintest.Build(t, mainPackage, "checkin-gateway")
}
