package legacy

import (
	"strings"
	"testing"
)

// Counts of one read "1 check-in", never "1 check-ins".
func TestSummaryCountsOne(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want string
	}{
		{"imported", Result{Services: []ServiceResult{{Service: "a", Mapped: 1, Imported: 1}}}, "Imported 1 check-in of 1 service."},
		{"nothing new", Result{Services: []ServiceResult{{Service: "a", Mapped: 1}}}, "Nothing new: the one check-in was already imported."},
		{"dry run", Result{DryRun: true, Services: []ServiceResult{{Service: "a", Mapped: 1}}}, "1 check-in of 1 service would be offered"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := WriteSummary(&b, tt.r, 0); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) || strings.Contains(b.String(), "1 check-ins") {
			t.Errorf("%s: summary lacks %q:\n%s", tt.name, tt.want, b.String())
		}
	}
}
