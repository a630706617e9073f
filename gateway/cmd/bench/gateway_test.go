package main

import (
	"slices"
	"testing"
)

// The gateway runs with the unit's MALLOC_ARENA_MAX=2 unless the bench's environment sets
// MALLOC_ARENA_MAX itself (to measure without the cap).
func TestGatewayEnv(t *testing.T) {
	tests := []struct {
		env, want []string
	}{
		{[]string{"PATH=/bin"}, []string{"PATH=/bin", "MALLOC_ARENA_MAX=2"}},
		{[]string{"PATH=/bin", "MALLOC_ARENA_MAX=16"}, []string{"PATH=/bin", "MALLOC_ARENA_MAX=16"}},
	}
	for _, tt := range tests {
		if got := gatewayEnv(tt.env); !slices.Equal(got, tt.want) {
			t.Errorf("gatewayEnv(%q) = %q; want %q", tt.env, got, tt.want)
		}
	}
}
