package icingaplace

import (
	"slices"
	"strings"
	"testing"
)

// The full table of settings and refusals runs through config.Parse (config/icinga_test.go), as
// services.json is read; this holds the package's own contract.
func TestParse(t *testing.T) {
	tests := []struct {
		raw, host, err string
		vars           []string
	}{
		{raw: ``}, {raw: ` null `},
		{raw: `{"host": "laptop-1", "vars": {"b": 1, "a": "x"}}`, host: "laptop-1", vars: []string{"a", "b"}},
		{raw: `{"Host": "laptop-1"}`, err: "Host"},
		{raw: `{"vars": {"checkin_url": "x"}}`, err: "checkin_url"},
		{raw: `[]`, err: "want an object"},
	}
	for _, tt := range tests {
		got, err := Parse([]byte(tt.raw))
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%s) = %v; want an error naming %q", tt.raw, err, tt.err)
			}
		case err != nil:
			t.Errorf("Parse(%s): %v", tt.raw, err)
		case tt.host == "" && got != nil:
			t.Errorf("Parse(%s) = %+v; want nil", tt.raw, got)
		case tt.host != "" && (got.Host != tt.host || !slices.Equal(got.VarNames(), tt.vars)):
			t.Errorf("Parse(%s) = %+v, vars %v; want host %q, vars %v", tt.raw, got, got.VarNames(), tt.host, tt.vars)
		}
	}
}
