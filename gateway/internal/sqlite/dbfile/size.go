package dbfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Size is a SQLite database's size on disk in bytes: the main file plus its write-ahead log.
func Size(path string) (int64, error) {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			continue // no log between checkpoints
		}
		if err != nil {
			return 0, fmt.Errorf("size of database: %w", err)
		}
		total += fi.Size()
	}
	return total, nil
}
