package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockDatabase takes an exclusive lock on a file beside the database (its path plus ".lock"),
// held until Close. Two gateways on one database would each answer from their own memory and
// contradict each other; the second refuses to start instead.
func lockDatabase(path string) (*os.File, error) {
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
	return f, nil
}
