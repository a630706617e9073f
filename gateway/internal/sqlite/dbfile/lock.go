// Package dbfile guards a database file on disk: an exclusive lock beside it, so that one
// process serves it, and a watch that its path still names the file that is open.
package dbfile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Lock is an exclusive lock on a database, held until Close.
type Lock struct{ f *os.File }

// TakeLock locks a file beside the database (its path plus ".lock"), or fails saying that
// another process holds it. Two gateways on one database would each answer from their own
// memory and contradict each other; the second refuses to start instead.
func TakeLock(path string) (*Lock, error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("database %s is in use by another process (is another checkin-gateway running on it?): %s is locked", path, name)
		}
		return nil, fmt.Errorf("lock database %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Close releases the lock.
func (l *Lock) Close() error { return l.f.Close() }
