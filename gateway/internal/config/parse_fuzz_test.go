package config

import (
	"strings"
	"testing"
)

// FuzzParse: whatever services.json holds, Parse does not panic, and what it accepts has valid
// names, non-negative durations, and a timeout wherever there is a schedule.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"laptop": {"token": "secret", "timeout": "2d"}, "backup": {"token": "s2", "timeout": 2764800, "grace": "2d", "owner": "ops"}}`))
	f.Add([]byte(`{"archive": {"token_sha256": "9fb25e8c9ccd5835be65786aa233d416dab596c058c786127ce2adb9e53181f8", "timeout": 0, "tolerate_failures": true}}`))
	f.Add([]byte(`{"a": {"token": "x", "timeout": "1w2d3h4m5s"}, "a": {}}`))
	f.Add([]byte("{\n \"backup\": {\"token\": \"x\", \"timeout\": 1,}\n}"))
	f.Add([]byte(`{"b": {"token": "x", "timeout": 1e3, "grace": -1}}`))
	f.Add([]byte(`{"c": {"token": "x", "timeout": 1, "icinga": {"host": "h", "groups": ["g"], "vars": {"a": [1, "b", true]}}}}`))
	f.Add([]byte(`{"c": {"token": "x", "schedule": "0 2 1 * *", "tz": "Europe/Berlin", "max_runtime": "2h"}}`))
	f.Add([]byte(`{"d": {"token": "x", "schedule": "@daily", "timeout": 0, "tz": "Local"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		for _, name := range c.Names() {
			s := c.Service(name)
			if !ValidName(s.Name) || s.Name != name || s.Timeout < 0 || s.Grace < 0 || s.MaxRuntime < 0 ||
				(s.Schedule != nil && s.Timeout == 0) || (s.Icinga != nil && strings.Contains(s.Icinga.Host, "!")) {
				t.Fatalf("Parse(%q) accepted %+v", data, s)
			}
		}
	})
}
