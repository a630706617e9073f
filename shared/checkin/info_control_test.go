package checkin

import "testing"

func TestInfoControl(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'\t', false}, {'\n', false}, {'\r', false}, {' ', false}, {'é', false}, {'\u00a0', false},
		{0, true}, {'\x1b', true}, {'\v', true}, {'\f', true}, {0x7f, true}, {0x80, true}, {0x85, true}, {0x9f, true},
	}
	for _, tt := range tests {
		if got := InfoControl(tt.r); got != tt.want {
			t.Errorf("InfoControl(%U) = %v; want %v", tt.r, got, tt.want)
		}
	}
}
