package main

import "testing"

func TestPlural(t *testing.T) {
	tests := []struct {
		n          int
		noun, want string
	}{
		{0, "check-in", "0 check-ins"}, {1, "check-in", "1 check-in"}, {2, "service", "2 services"},
	}
	for _, tt := range tests {
		if got := plural(tt.n, tt.noun); got != tt.want {
			t.Errorf("plural(%d, %q) = %q; want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}
