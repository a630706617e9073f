// Package e2e holds the end-to-end tests that start the real checkin-gateway binary.
package e2e

import (
	"os"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
