// Package e2e holds the end-to-end tests that start the real checkin-gateway binary (built once
// per test run by internal/gatewaytest) on a free 127.0.0.1 port. They skip under -short.
package e2e

import (
	"os"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
