package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Row 8b runs the gateway with the systemd unit's descriptor limit: the two must not drift.
func TestIdleRowUsesTheUnitsLimit(t *testing.T) {
	unit, err := os.ReadFile("../../../deploy/systemd/checkin-gateway.service")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("\nLimitNOFILE=%d\n", idleNofile); !strings.Contains(string(unit), want) {
		t.Errorf("the unit does not set %q, the limit row 8b measures with", strings.TrimSpace(want))
	}
}
