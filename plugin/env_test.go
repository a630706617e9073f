package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The flags' variables come from run's getenv alone: the process environment, set here to
// values that would fail the check, never counts, and a variable set but empty leaves the
// flag's default (CHECKIN_HOST= is 127.0.0.1, CHECKIN_TIMEOUT= is 10s).
func TestRunReadsOnlyGetenv(t *testing.T) {
	for name, value := range map[string]string{
		"CHECKIN_HOST": "192.0.2.1", "CHECKIN_PORT": "1", "CHECKIN_SERVICE": "other",
		"CHECKIN_TIMEOUT": "soon", "CHECKIN_PROTOCOL": "",
	} {
		t.Setenv(name, value)
	}
	addr := serve(t, state("nightly-backup", reported("nightly-backup", checkin.OK, checkin.OK, "fine", 10, 93600, 43200)), nil)
	_, port, _ := strings.Cut(addr, ":")
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"empty variables", nil, map[string]string{"CHECKIN_SERVICE": "nightly-backup", "CHECKIN_PORT": port,
			"CHECKIN_HOST": "", "CHECKIN_TIMEOUT": "", "CHECKIN_PROTOCOL": "", "CHECKIN_URL": ""}},
		{"unset variables", []string{"--service", "nightly-backup", "--port", port}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(tt.args, func(k string) string { return tt.env[k] }, &out)
			if code != 0 || !strings.HasPrefix(out.String(), "CHECKIN OK - nightly-backup: fine") {
				t.Errorf("run(%q) with %v = %d, %q; want 0 and the state from 127.0.0.1:%s", tt.args, tt.env, code, out.String(), port)
			}
		})
	}
}
