// Package diskfloor keeps the gateway from filling the disk under its database: below a floor
// of free space (--min-free-space) check-ins and pings are refused and /alive fails, before
// SQLite itself runs out of room. The free space is read with statfs at most once per
// interval, so a check-in costs a clock read.
package diskfloor

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/bytesize"
)

// Default floor: the smaller of these, so that a small disk is not refused at once.
const (
	defaultBytes   = 1 << 30
	defaultPercent = 5
)

// Setting is --min-free-space as parsed: a size in bytes, or a share of the file system.
type Setting struct {
	Bytes   int64
	Percent float64 // used when > 0
	Auto    bool    // the default: the smaller of 1 GiB and 5 %
}

// Parse reads --min-free-space: "auto" (the smaller of 1 GiB and 5 % of the file system), a
// size as in "2GiB", a share as in "10%", or 0 for no floor.
func Parse(s string) (Setting, error) {
	s = strings.TrimSpace(s)
	if s == "auto" || s == "" {
		return Setting{Auto: true}, nil
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v < 0 || v >= 100 {
			return Setting{}, fmt.Errorf("invalid share %q: want a percentage from 0 to 99, as in \"5%%\"", s)
		}
		return Setting{Percent: v}, nil
	}
	n, err := bytesize.Parse(s)
	if err != nil {
		return Setting{}, err
	}
	return Setting{Bytes: n}, nil
}

// floor is the least free space the setting allows on a file system of total bytes.
func (s Setting) floor(total int64) int64 {
	switch {
	case s.Auto:
		return min(defaultBytes, total*defaultPercent/100)
	case s.Percent > 0:
		return int64(float64(total) * s.Percent / 100)
	default:
		return s.Bytes
	}
}

// LowSpaceError says that the free space is below the floor.
type LowSpaceError struct {
	Free, Floor int64
}

func (e *LowSpaceError) Error() string {
	return fmt.Sprintf("free disk space below --min-free-space: %s free, floor %s", mib(e.Free), mib(e.Floor))
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// Floor checks the free space of the file system that holds a folder.
type Floor struct {
	dir     string
	setting Setting
	every   time.Duration
	now     func() time.Time
	log     *slog.Logger

	mu      sync.Mutex
	checked time.Time // when statfs last ran; zero before the first time
	err     error     // its outcome
}

// New returns a floor on the file system of dir, read at most once per every.
func New(dir string, s Setting, every time.Duration, now func() time.Time, log *slog.Logger) *Floor {
	return &Floor{dir: dir, setting: s, every: every, now: now, log: log}
}

// Check returns a *LowSpaceError while the free space is below the floor, nil otherwise (also
// when it cannot be read: then SQLite's own errors speak). A nil Floor never refuses.
func (f *Floor) Check() error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	if !f.checked.IsZero() && now.Sub(f.checked) < f.every {
		return f.err
	}
	f.checked = now
	err := f.read()
	if (err == nil) != (f.err == nil) {
		if err != nil {
			f.log.Error("refusing check-ins: "+err.Error(), "path", f.dir)
		} else {
			f.log.Info("free disk space above --min-free-space again: taking check-ins", "path", f.dir)
		}
	}
	f.err = err
	return err
}

func (f *Floor) read() error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(f.dir, &st); err != nil {
		return nil
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	floor := f.setting.floor(int64(st.Blocks) * int64(st.Bsize))
	if free < floor {
		return &LowSpaceError{Free: free, Floor: floor}
	}
	return nil
}
