package historycap

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func mustConfig(t *testing.T, text string) func() *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return func() *config.Config { return cfg }
}

func TestCap(t *testing.T) {
	cfg := mustConfig(t, `{"own": {"token": "t", "timeout": "1h", "history_max_bytes": "1MiB"},
		"off": {"token": "t", "timeout": "1h", "history_max_bytes": 0},
		"default": {"token": "t", "timeout": "1h"}}`)
	e := New(nil, cfg, 64<<20, time.Now, slog.New(slog.DiscardHandler))
	for name, want := range map[string]int64{"own": 1 << 20, "off": 0, "default": 64 << 20, "gone": 64 << 20} {
		if got := e.Cap(name); got != want {
			t.Errorf("Cap(%s) = %d; want %d", name, got, want)
		}
	}
}

// Check-ins counted by Added get a service pruned once it stored a step past its last prune;
// a service without a cap is never pruned.
func TestAddedPrunesOverCap(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := mustConfig(t, `{"capped": {"token": "t", "timeout": "1h", "history_max_bytes": "1MiB"},
		"free": {"token": "t", "timeout": "1h", "history_max_bytes": 0}}`)
	e := New(s, cfg, 64<<20, time.Now, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx, time.Hour, func() []string { return nil })
	info := strings.Repeat("x", 10_000)
	for range 500 { // 5 MB each
		for _, name := range []string{"capped", "free"} {
			c := storage.Checkin{Service: name, Status: checkin.OK, Info: info, At: time.Now()}
			if err := s.Add(ctx, c); err != nil {
				t.Fatal(err)
			}
			e.Added(name, len(info))
		}
	}
	// capped holds at most 1 MiB + a step once its last prune ran: at most 110 check-ins.
	deadline := time.Now().Add(10 * time.Second)
	for {
		h, err := storagetest.History(ctx, s, "capped", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(h)) <= (1<<20+step(1<<20))/(10_000+100)+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("capped still holds %d check-ins of 10 KB after 10s; want the cap to keep it near 1 MiB", len(h))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if h, _ := storagetest.History(ctx, s, "free", 1000); len(h) != 500 {
		t.Errorf("free holds %d check-ins; want all 500", len(h))
	}
	if p, _ := s.CapPruned(ctx, "capped"); p.Count < 390 {
		t.Errorf("CapPruned(capped) = %+v; want most of the 500", p)
	}
}

// A history over its cap before the start (the cap shrank, or came with an upgrade) is pruned
// by the pass firstAfter the start, without any check-in arriving.
func TestRunPrunesEveryServiceOnce(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	info := strings.Repeat("x", 10_000)
	for range 300 {
		if err := s.Add(ctx, storage.Checkin{Service: "capped", Status: checkin.OK, Info: info, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := mustConfig(t, `{"capped": {"token": "t", "timeout": "1h", "history_max_bytes": "1MiB"}}`)
	e := New(s, cfg, 64<<20, time.Now, slog.New(slog.DiscardHandler))
	go e.Run(ctx, 0, func() []string { return []string{"capped"} })
	deadline := time.Now().Add(10 * time.Second)
	for {
		if h, err := storagetest.History(ctx, s, "capped", 1000); err != nil {
			t.Fatal(err)
		} else if len(h) == 103 { // 1 MiB of check-ins of 10,100 bytes
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("capped holds %d check-ins 10s after the start; want 103", len(h))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
