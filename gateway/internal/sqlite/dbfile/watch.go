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
// it would vanish at the next start. It also checks that the file did not shrink and its
// header did not change (see shape.go), and takes corruption SQLite reports (Damaged). Once
// any of that is seen it stays failed.
type Watch struct {
	path     string
	dev, ino uint64
	gone     atomic.Pointer[error]
	onGone   func(error)
	shapeMu  sync.Mutex
	shape    *shape

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
	sh, err := openShape(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	w := &Watch{path: path, dev: dev, ino: ino, onGone: onGone, shape: sh, done: make(chan struct{})}
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

// Failed returns the error the watch failed with (matching ErrReplaced or ErrDamaged), or nil.
func (w *Watch) Failed() error {
	if p := w.gone.Load(); p != nil {
		return *p
	}
	return nil
}

// Check compares the path's device and inode with the open file's now, and the file's size
// and header with what it saw before.
func (w *Watch) Check() error {
	if err := w.Failed(); err != nil {
		return err
	}
	dev, ino, err := fileID(w.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return w.fail(fmt.Errorf("%w (removed)", ErrReplaced))
	case err != nil:
		return nil // cannot tell (a passing I/O error, say): the write's own error says more
	case dev != w.dev || ino != w.ino:
		return w.fail(fmt.Errorf("%w (replaced)", ErrReplaced))
	}
	w.shapeMu.Lock()
	reason, err := w.shape.check()
	w.shapeMu.Unlock()
	if err != nil || reason == "" {
		return nil
	}
	return w.fail(fmt.Errorf("%w (%s)", ErrDamaged, reason))
}

// Damaged fails the watch for corruption SQLite reported (cause).
func (w *Watch) Damaged(cause error) {
	w.fail(fmt.Errorf("%w (sqlite: %w)", ErrDamaged, cause))
}

// fail fails the watch with err unless it failed already, telling onGone once.
func (w *Watch) fail(err error) error {
	if w.gone.CompareAndSwap(nil, &err) && w.onGone != nil {
		w.onGone(err)
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

// Close ends the periodic checks and closes the watch's descriptor of the file. Call it only
// after SQLite closed the database (see openShape).
func (w *Watch) Close() error {
	w.Stop()
	return w.shape.close()
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
