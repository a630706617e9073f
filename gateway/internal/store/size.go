package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Size is the database's size on disk in bytes: the main file plus its write-ahead log.
func (s *Store) Size() (int64, error) {
	var total int64
	for _, p := range []string{s.path, s.path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && p != s.path {
			continue // no log between checkpoints
		}
		if err != nil {
			return 0, fmt.Errorf("size of database: %w", err)
		}
		total += fi.Size()
	}
	return total, nil
}
