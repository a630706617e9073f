package rawservice

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// DecodeFlat reads the usual shape as encoding/json does, and leaves everything else to it.
func TestDecodeFlat(t *testing.T) {
	tests := []struct {
		raw  string
		want bool // DecodeFlat takes it
	}{
		{`{}`, true},
		{`{"token": "t", "timeout": "1d"}`, true},
		{`{"token": "t", "timeout": 3600, "grace": "1h", "tolerate_failures": true, "owner": "ops", "max_runtime": null}`, true},
		{`{"token_sha256": "ab", "schedule": "0 3 * * *", "tz": "Europe/Berlin", "rate": "1/s", "history_max_bytes": "64MiB"}`, true},
		{`{"token": "t", "timeout": 60, "ping_uuid": "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b", "ping": false, "ping_methods": "POST"}`, true},
		{`{"token": "t", "icinga": null}`, true},
		{`{"token": "t", "icinga": {"host": "h"}}`, false}, // an object: encoding/json
		{`{"token": "t\"x"}`, false},                       // an escape
		{`{"token": "t", "token": "u"}`, false},            // a key twice
		{`{"Token": "t"}`, false},                          // another letter case
		{`{"tokens": "t"}`, false},                         // unknown
		{`{"token": 5}`, false},                            // a number for a string
		{`{"ping": "yes"}`, false},                         // a string for a bool
		{`{"token": "t",}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := DecodeFlat([]byte(tt.raw))
			if ok != tt.want {
				t.Fatalf("DecodeFlat(%s) ok = %v; want %v", tt.raw, ok, tt.want)
			}
			if !ok {
				return
			}
			var want Settings
			if err := json.Unmarshal([]byte(tt.raw), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("DecodeFlat(%s) differs from encoding/json (-want +got):\n%s", tt.raw, diff)
			}
		})
	}
}
