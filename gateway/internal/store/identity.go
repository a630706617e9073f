package store

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// errReplaced says the database path no longer names the file the store has open.
var errReplaced = errors.New("database file was removed or replaced while the gateway ran")

// identity watches that the database path still names the file the store opened: deleted, or
// replaced by `mv` as a restore does, the open file is one nobody will read again, and every
// check-in written to it would vanish at the next start. Once that is seen, writes and Ping
// fail until the gateway restarts.
type identity struct {
	path     string
	dev, ino uint64
	gone     atomic.Pointer[error]
	onGone   func(error)

	done chan struct{}
	wg   sync.WaitGroup
}

func newIdentity(path string) (*identity, error) {
	dev, ino, err := fileID(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return &identity{path: path, dev: dev, ino: ino, done: make(chan struct{})}, nil
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

// failed returns the error that made the store give up, or nil.
func (id *identity) failed() error {
	if p := id.gone.Load(); p != nil {
		return *p
	}
	return nil
}

// check compares the path's device and inode with the open file's.
func (id *identity) check() error {
	if err := id.failed(); err != nil {
		return err
	}
	dev, ino, err := fileID(id.path)
	var reason string
	switch {
	case errors.Is(err, os.ErrNotExist):
		reason = "removed"
	case err != nil:
		return nil // cannot tell (e.g. a passing I/O error): the write's own error says more
	case dev != id.dev || ino != id.ino:
		reason = "replaced"
	default:
		return nil
	}
	gone := fmt.Errorf("%w (%s)", errReplaced, reason)
	if id.gone.CompareAndSwap(nil, &gone) && id.onGone != nil {
		id.onGone(gone)
	}
	return id.failed()
}

// watch checks every interval until stop.
func (id *identity) watch(every time.Duration, check func()) {
	id.wg.Add(1)
	go func() {
		defer id.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-id.done:
				return
			case <-t.C:
				check()
			}
		}
	}()
}

func (id *identity) stop() {
	select {
	case <-id.done:
	default:
		close(id.done)
	}
	id.wg.Wait()
}

// checkIdentity is the watcher's periodic check.
func (s *Store) checkIdentity() { s.identity.check() }

// logGone is told once when the database file is found removed or replaced.
func (s *Store) logGone(err error) {
	s.log.Error("database file removed or replaced while running: refusing check-ins until restart; "+
		"restart the gateway to open the file now at the path", "path", s.path, "err", err)
}
