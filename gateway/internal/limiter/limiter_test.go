package limiter

import (
	"net"
	"testing"
	"time"
)

func TestMemoryBounded(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	l := New(2, time.Minute, func() time.Time { return now })
	l.max = 100
	for i := 0; i < 1000; i++ {
		now = now.Add(time.Millisecond)
		key := net.IPv4(10, 0, byte(i/256), byte(i)).String()
		l.Fail(key)
		l.Fail(key)
		if l.Wait(key) == 0 {
			t.Fatalf("address %d not limited after 2 failures", i)
		}
		if n := l.tracked(); n > 100 {
			t.Fatalf("tracking %d addresses; want at most 100", n)
		}
	}
	now = now.Add(time.Hour)
	l.Fail("10.9.9.9")
	if n := l.tracked(); n != 1 {
		t.Errorf("after the windows expired, tracking %d addresses; want 1", n)
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"127.0.0.1:5000", "127.0.0.1"},
		{"[::ffff:10.0.0.1]:80", "10.0.0.1"},
		{"[2001:db8:1:2:3:4:5:6]:80", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2::9]:81", "2001:db8:1:2::/64"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := ClientKey(tt.remote); got != tt.want {
			t.Errorf("ClientKey(%q) = %q; want %q", tt.remote, got, tt.want)
		}
	}
}
