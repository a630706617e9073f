package listen

import (
	"net/netip"
	"testing"
)

func TestClientOf(t *testing.T) {
	tests := []struct{ a, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"},
		{"2001:db8:1:3::1", "2001:db8:1:3::"},
	}
	for _, tt := range tests {
		if got := clientOf(netip.MustParseAddr(tt.a)).String(); got != tt.want {
			t.Errorf("clientOf(%s) = %s; want %s", tt.a, got, tt.want)
		}
	}
}
