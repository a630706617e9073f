package logbudget

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// syncBuffer is a log destination the flush timer may write to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Split(strings.TrimSuffix(s.b.String(), "\n"), "\n")
}

func newLogger(level slog.Level) (*slog.Logger, *syncBuffer) {
	var out syncBuffer
	return slog.New(New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: level}))), &out
}

// A flood from rotating addresses: PerSecond lines pass each second, then one summary a
// second with the count and the number of addresses, at the highest level held back.
func TestFloodSummed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, out := newLogger(slog.LevelInfo)
		for sec := range 3 {
			for i := range 3000 {
				log.Info("check-in rejected", "reason", "unknown service or wrong token",
					"remote", fmt.Sprintf("10.0.%d.%d:%d", i/250, i%250, 40000+i), "request_id", i)
			}
			log.Error("write failed", "err", "disk full") // a message of its own budget
			time.Sleep(time.Second)
			synctest.Wait()
			lines := out.lines()
			if want := (sec + 1) * (PerSecond + 2); len(lines) != want {
				t.Fatalf("after %d seconds: %d lines; want %d (%d a second, a summary, the other message):\n%s",
					sec+1, len(lines), want, PerSecond, strings.Join(lines[len(lines)-3:], "\n"))
			}
			last := lines[len(lines)-1]
			for _, want := range []string{"level=INFO", "suppressed 2,980 rejected check-ins from 2,980 addresses", "suppressed=2980", "addresses=2980", `message="check-in rejected"`} {
				if !strings.Contains(last, want) {
					t.Errorf("summary %q lacks %q", last, want)
				}
			}
		}
	})
}

// Storage errors have no address; the summary keeps their level.
func TestErrorsSummedAtTheirLevel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, out := newLogger(slog.LevelInfo)
		for range 25000 {
			log.Error("write failed", "err", "connection refused")
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		lines := out.lines()
		if len(lines) != PerSecond+1 {
			t.Fatalf("%d lines; want %d", len(lines), PerSecond+1)
		}
		last := lines[len(lines)-1]
		if !strings.Contains(last, "level=ERROR") || !strings.Contains(last, "suppressed 24,980 failed writes") || strings.Contains(last, "addresses") {
			t.Errorf("summary = %q; want an ERROR line counting 24,980 failed writes, no addresses", last)
		}
	})
}

// Below the budget nothing changes, and debug lines (asked for) are never held back.
func TestQuietAndDebugPass(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, out := newLogger(slog.LevelDebug)
		for i := range 100 {
			log.Info("configuration reloaded", "n", i)
			log.Debug("check-in stored", "n", i)
			time.Sleep(100 * time.Millisecond) // 10 a second: within the budget
		}
		synctest.Wait()
		if n := len(out.lines()); n != 200 {
			t.Errorf("%d lines; want all 200", n)
		}
	})
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 24968: "24,968", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}
