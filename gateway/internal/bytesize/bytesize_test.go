package bytesize

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"2048", 2048, ""},
		{"64MiB", 64 << 20, ""},
		{" 1 GiB ", 1 << 30, ""},
		{"500MB", 500e6, ""},
		{"1KB", 1000, ""},
		{"0", 0, ""},
		{"-1", 0, "invalid size"},
		{"1.5GiB", 0, "invalid size"},
		{"lots", 0, "invalid size"},
		{"9999999TiB", 0, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Parse(%q) = %d, %v; want an error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}
