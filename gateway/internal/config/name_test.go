package config

import (
	"strings"
	"testing"
)

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"backup", true},
		{"db dump@host:1", true},
		{"a.b_c-d", true},
		{"A9", true},
		{strings.Repeat("n", 128), true},
		{"", false},
		{strings.Repeat("n", 129), false},
		{"a/b", false},
		{"tab\there", false},
		{"quote\"", false},
		{"ümlaut", false},
		{"new\nline", false},
		{".", false},
		{"..", false},
		{"...", true},
		{".hidden", true},
	}
	for _, tt := range tests {
		if got := ValidName(tt.name); got != tt.want {
			t.Errorf("ValidName(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
