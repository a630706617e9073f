package dbfile

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ErrReplaced says the database path no longer names the file that is open.
var ErrReplaced = errors.New("database file was removed or replaced while the gateway ran")

// Watch checks that a database path still names the file opened: deleted, or replaced by `mv`
// as a restore does, the open file is one nobody will read again, and everything written to
// it would vanish at the next start. Once that is seen it stays failed.
type Watch struct {
	path     string
	dev, ino uint64
	gone     atomic.Pointer[error]
	onGone   func(error)

	done chan struct{}
	wg   sync.WaitGroup
}

// NewWatch notes the device and inode path names now and checks them again every interval
// until Stop; onGone is told once, when they change.
func NewWatch(path string, every time.Duration, onGone func(error)) (*Watch, error) {
	dev, ino, err := fileID(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	w := &Watch{path: path, dev: dev, ino: ino, onGone: onGone, done: make(chan struct{})}
	w.wg.Add(1)
	go w.loop(every)
	return w, nil
}

func fileID(path string) (dev, ino uint64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, fmt.Errorf("no device and inode for %s", path)
	}
	return uint64(st.Dev), st.Ino, nil
}

// Failed returns the error the watch failed with (matching ErrReplaced), or nil.
func (w *Watch) Failed() error {
	if p := w.gone.Load(); p != nil {
		return *p
	}
	return nil
}

// Check compares the path's device and inode with the open file's now.
func (w *Watch) Check() error {
	if err := w.Failed(); err != nil {
		return err
	}
	dev, ino, err := fileID(w.path)
	var reason string
	switch {
	case errors.Is(err, os.ErrNotExist):
		reason = "removed"
	case err != nil:
		return nil // cannot tell (a passing I/O error, say): the write's own error says more
	case dev != w.dev || ino != w.ino:
		reason = "replaced"
	default:
		return nil
	}
	gone := fmt.Errorf("%w (%s)", ErrReplaced, reason)
	if w.gone.CompareAndSwap(nil, &gone) && w.onGone != nil {
		w.onGone(gone)
	}
	return w.Failed()
}

func (w *Watch) loop(every time.Duration) {
	defer w.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
			w.Check()
		}
	}
}

// Stop ends the periodic checks; Check still works.
func (w *Watch) Stop() {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	w.wg.Wait()
}
