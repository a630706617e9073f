package dbfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// SQLite maps its shared-memory file (the database's path plus "-shm") and extends it by
// writing one byte per 4 KiB page; on a file system with smaller blocks (ext4 of under 512 MB
// has 1 KiB blocks) the rest of each page is a hole, which the kernel must back when SQLite
// first writes there: on a full file system it cannot, and the process dies of SIGBUS. So the
// gateway starts only when it can allocate StartSpace in the database's folder, and once
// SQLite made the file, it allocates ShmSpace of it for real (ReserveShm).
const (
	// StartSpace is what must be free in the database's folder for a start.
	StartSpace = 1 << 20
	// ShmSpace covers the shared memory of a write-ahead log of 65,536 pages (256 MB), far more
	// than the gateway's log holds between checkpoints.
	ShmSpace = 512 << 10
)

// CheckSpace allocates StartSpace in a file in dir and removes it again, failing with an error
// that says the file system is full when it cannot.
func CheckSpace(dir string) error {
	f, err := os.CreateTemp(dir, ".checkin-space-test-*")
	if err != nil {
		return spaceError(dir, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, StartSpace); err != nil && !errors.Is(err, syscall.EOPNOTSUPP) {
		return spaceError(dir, err)
	}
	return nil
}

func spaceError(dir string, err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("not enough free space in %s to start: %d bytes could not be allocated (%w); free some space on that file system", dir, StartSpace, err)
	}
	return fmt.Errorf("database folder %s is not writable: %w", dir, err)
}

// ReserveShm allocates the first ShmSpace bytes of the database's -shm file, so that SQLite's
// writes into its mapping never need a block later. It returns the open file, nil when there
// is none: close it only after SQLite closed the database (closing a descriptor drops this
// process's POSIX locks on the file, SQLite's included).
func ReserveShm(path string) (*os.File, error) {
	name := path + "-shm"
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, ShmSpace); err != nil && !errors.Is(err, syscall.EOPNOTSUPP) {
		return f, spaceError(filepath.Dir(path), err)
	}
	return f, nil
}
