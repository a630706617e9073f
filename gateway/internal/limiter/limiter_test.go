package limiter

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// testClock is a clock the test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func newTest(limit int, logs *bytes.Buffer) (*Limiter, *testClock) {
	clock := &testClock{time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	logger := slog.New(slog.DiscardHandler)
	if logs != nil {
		logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	return New(Config{Limit: limit, Window: time.Minute, Now: clock.now, Logger: logger,
		What: "failed check-ins", Unknown: "(unknown name)"}), clock
}

func TestMemoryBounded(t *testing.T) {
	l, clock := newTest(2, nil)
	l.max = 100
	for i := 0; i < 1000; i++ {
		clock.t = clock.t.Add(time.Millisecond)
		key := Key{Client: net.IPv4(10, 0, byte(i/256), byte(i)).String()}
		l.Fail(key)
		l.Fail(key)
		if l.Wait(key) == 0 {
			t.Fatalf("address %d not limited after 2 failures", i)
		}
		if n := l.tracked(); n > 100 {
			t.Fatalf("tracking %d keys; want at most 100", n)
		}
	}
	clock.t = clock.t.Add(time.Hour)
	l.Fail(Key{Client: "10.9.9.9"})
	if n := l.tracked(); n != 1 {
		t.Errorf("after the windows expired, tracking %d keys; want 1", n)
	}
}

// When full, the key whose window started first goes, and the others keep their counts.
func TestEvictsOldestWindow(t *testing.T) {
	l, clock := newTest(2, nil)
	l.max = 3
	keys := []Key{{"10.0.0.1", "a"}, {"10.0.0.2", "a"}, {"10.0.0.3", "a"}}
	for _, k := range keys {
		clock.t = clock.t.Add(time.Second)
		l.Fail(k)
		l.Fail(k)
	}
	clock.t = clock.t.Add(time.Second)
	l.Fail(Key{"10.0.0.4", "a"})
	for i, k := range keys {
		if got, want := l.Wait(k) > 0, i > 0; got != want {
			t.Errorf("after one more key, %v refused = %v; want %v", k, got, want)
		}
	}
}

// Failures count per address and service: another service, or the same service at another
// address, is not refused; names no service has share one count per address.
func TestKeysCountApart(t *testing.T) {
	l, _ := newTest(3, nil)
	for _, svc := range []string{"", "", ""} {
		l.Fail(Key{"10.0.0.1", svc})
	}
	for i := 0; i < 3; i++ {
		l.Fail(Key{"10.0.0.1", "backup"})
	}
	tests := []struct {
		key     Key
		refused bool
	}{
		{Key{"10.0.0.1", "backup"}, true},
		{Key{"10.0.0.1", ""}, true},
		{Key{"10.0.0.1", "laptop"}, false},
		{Key{"10.0.0.2", "backup"}, false},
		{Key{"10.0.0.2", ""}, false},
	}
	for _, tt := range tests {
		if got := l.Wait(tt.key) > 0; got != tt.refused {
			t.Errorf("Wait(%v) > 0 = %v; want %v", tt.key, got, tt.refused)
		}
	}
}

// A refused key is logged once a window, at info, with its address, service and end.
func TestRefusalLoggedOnce(t *testing.T) {
	var logs bytes.Buffer
	l, clock := newTest(3, &logs)
	for i := 0; i < 50; i++ {
		l.Fail(Key{"192.0.2.7", "backup"})
		l.Fail(Key{"192.0.2.7", ""})
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d log lines; want one per refused key:\n%s", len(lines), logs.String())
	}
	for i, svc := range []string{"service=backup", `service="(unknown name)"`} {
		for _, want := range []string{"level=INFO", "client=192.0.2.7", svc, "until=2026-11-25T12:01:00Z", `what="failed check-ins"`} {
			if !strings.Contains(lines[i], want) {
				t.Errorf("log line %q lacks %s", lines[i], want)
			}
		}
	}
	clock.t = clock.t.Add(time.Minute)
	logs.Reset()
	for i := 0; i < 3; i++ {
		l.Fail(Key{"192.0.2.7", "backup"})
	}
	if n := strings.Count(logs.String(), "\n"); n != 1 {
		t.Errorf("in the next window, %d log lines; want 1", n)
	}
}

func TestNilRefusesNoOne(t *testing.T) {
	var l *Limiter
	l.Fail(Key{"10.0.0.1", ""})
	if w := l.Wait(Key{"10.0.0.1", ""}); w != 0 {
		t.Errorf("nil limiter Wait = %v; want 0", w)
	}
	if New(Config{Limit: 0, Window: time.Minute}) != nil || New(Config{Limit: 3}) != nil {
		t.Error("New without a limit or a window is not nil")
	}
}

// BenchmarkFailWhenFull is a new key's failure while the limiter is full: its cost must not
// grow with the number of keys held.
func BenchmarkFailWhenFull(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l, clock := newTest(3, nil)
			l.max = n
			for i := 0; i < n; i++ {
				l.Fail(Key{Client: fmt.Sprint(i)})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clock.t = clock.t.Add(time.Nanosecond)
				l.Fail(Key{Client: fmt.Sprint(n + i)})
			}
		})
	}
}

// The key of an IPv4 client, which every check-in asks for, costs no allocation.
func TestClientKeyIPv4Allocates(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { ClientKey("192.0.2.7:5000") }); n != 0 {
		t.Errorf("ClientKey of an IPv4 address allocates %v times; want 0", n)
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"127.0.0.1:5000", "127.0.0.1"},
		{"127.0.0.1", "127.0.0.1"},
		{"[::ffff:10.0.0.1]:80", "10.0.0.1"},
		{"[2001:db8:1:2:3:4:5:6]:80", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2::9]:81", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::9", "2001:db8:1:2::/64"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := ClientKey(tt.remote); got != tt.want {
			t.Errorf("ClientKey(%q) = %q; want %q", tt.remote, got, tt.want)
		}
	}
}

// Many clients failing at once, with evictions, leave the limiter consistent (run with -race).
func TestConcurrentFailures(t *testing.T) {
	l := New(Config{Limit: 3, Window: time.Minute})
	l.max = 50
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 500; i++ {
				k := Key{Client: fmt.Sprint("10.0.", g, ".", i%100), Service: fmt.Sprint(i % 3)}
				l.Fail(k)
				l.Wait(k)
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.windows) != l.order.Len() || len(l.windows) > 50 {
		t.Errorf("tracking %d keys in the map and %d in the order; want equal, at most 50", len(l.windows), l.order.Len())
	}
}
