package diskfloor

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
)

func TestParseAndFloor(t *testing.T) {
	const gib = int64(1 << 30)
	tests := []struct {
		in      string
		total   int64
		want    int64
		wantErr bool
	}{
		{"auto", 100 * gib, gib, false},     // 5 % is 5 GiB: 1 GiB is smaller
		{"auto", 10 * gib, gib / 2, false},  // 5 % of 10 GiB
		{"", 10 * gib, gib / 2, false},      // unset is auto
		{"2GiB", 100 * gib, 2 * gib, false}, // a size
		{"10%", 10 * gib, gib, false},       // a share
		{"0", 10 * gib, 0, false},           // none
		{"-1", 0, 0, true},
		{"100%", 0, 0, true},
		{"lots", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := Parse(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse(%q) = %v; want error %v", tt.in, err, tt.wantErr)
			}
			if got := s.floor(tt.total); err == nil && got != tt.want {
				t.Errorf("Parse(%q).floor(%d) = %d; want %d", tt.in, tt.total, got, tt.want)
			}
		})
	}
}

// Check reads the file system at most once per interval, and notices a change after it.
func TestCheckIsCachedThenNotices(t *testing.T) {
	dir := testfs.Tmpfs(t, "8m")
	clock := gatewaytest.NewClock(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	f := New(dir, Setting{Bytes: 2 << 20}, time.Second, clock.Now, slog.New(slog.DiscardHandler))
	if err := f.Check(); err != nil {
		t.Fatalf("Check on an empty file system = %v", err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, int64(st.Bavail)*int64(st.Bsize)-1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.Check(); err != nil {
		t.Errorf("Check within the interval = %v; want the cached nil", err)
	}
	clock.Add(time.Second)
	var low *LowSpaceError
	if err := f.Check(); !errors.As(err, &low) || low.Floor != 2<<20 || low.Free > 1<<20 {
		t.Errorf("Check after the interval = %v; want a LowSpaceError with about 1 MiB free, floor 2 MiB", err)
	}
	if (*Floor)(nil).Check() != nil {
		t.Error("a nil Floor refused")
	}
}
