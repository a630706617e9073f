package servicehistory

import (
	"strings"
	"testing"
)

func TestCutInfo(t *testing.T) {
	long := strings.Repeat("a", maxShownInfo-1) + "é" + "tail" // é starts at the last byte kept
	tests := []struct {
		name, info, want string
	}{
		{"empty", "", ""},
		{"short", "42 GB in 13 min", "42 GB in 13 min"},
		{"at the limit", strings.Repeat("x", maxShownInfo), strings.Repeat("x", maxShownInfo)},
		{"over", strings.Repeat("x", maxShownInfo+1),
			strings.Repeat("x", maxShownInfo) + " … (cut: 2049 bytes in all; the history API has the whole text)"},
		{"whole characters", long,
			strings.Repeat("a", maxShownInfo-1) + " … (cut: 2053 bytes in all; the history API has the whole text)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CutInfo(tt.info); got != tt.want {
				t.Errorf("CutInfo(%d bytes) = %q; want %q", len(tt.info), got, tt.want)
			}
		})
	}
}
