package listen

import (
	"sync"
	"time"
)

// logThrottle lets a warning that repeats through at most once per acceptLogEvery, and counts
// the ones held back meanwhile, so a flood of them is one line every few seconds.
type logThrottle struct {
	now func() time.Time

	mu   sync.Mutex
	last time.Time // when a line was last let through; zero for never
	held int       // lines held back since then
}

// allow reports whether to log now and, if so, how many lines were held back since the last.
func (t *logThrottle) allow() (ok bool, held int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if !t.last.IsZero() && now.Sub(t.last) < acceptLogEvery {
		t.held++
		return false, 0
	}
	held, t.last, t.held = t.held, now, 0
	return true, held
}
