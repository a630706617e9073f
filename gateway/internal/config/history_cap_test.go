package config

import (
	"strings"
	"testing"
)

func TestHistoryMaxBytes(t *testing.T) {
	tests := []struct {
		field   string // "" for none
		want    int64  // -1 for not set
		wantErr string
	}{
		{"", -1, ""},
		{`"history_max_bytes": null`, -1, ""},
		{`"history_max_bytes": 1048576`, 1 << 20, ""},
		{`"history_max_bytes": 0`, 0, ""},
		{`"history_max_bytes": "64MiB"`, 64 << 20, ""},
		{`"history_max_bytes": "1 GiB"`, 1 << 30, ""},
		{`"history_max_bytes": "500MB"`, 500e6, ""},
		{`"history_max_bytes": "2048"`, 2048, ""},
		{`"history_max_bytes": -1`, 0, "field history_max_bytes: invalid size"},
		{`"history_max_bytes": "lots"`, 0, "field history_max_bytes: invalid size"},
		{`"history_max_bytes": 1.5`, 0, "field history_max_bytes: invalid size"},
		{`"history_max_bytes": true`, 0, "history_max_bytes"},
		{`"history_max_bytes": "9999999TiB"`, 0, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			extra := ""
			if tt.field != "" {
				extra = ", " + tt.field
			}
			cfg, err := Parse([]byte(`{"a": {"token": "t", "timeout": "1h"` + extra + `}}`))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse = %v; want an error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Service("a").HistoryMaxBytes
			if (got == nil) != (tt.want < 0) || (got != nil && *got != tt.want) {
				t.Errorf("HistoryMaxBytes = %v; want %d (-1: not set)", got, tt.want)
			}
		})
	}
}
