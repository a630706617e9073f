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

func TestHasInfoControl(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false}, {"ok\tline\r\nnext", false}, {"é \u00a0", false},
		{"bell\a", true}, {"\x1b[31mred", true}, {"c1 \u0085", true}, {"del\x7f", true},
	}
	for _, tt := range tests {
		if got := HasInfoControl(tt.s); got != tt.want {
			t.Errorf("HasInfoControl(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}
