package dbfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrDamaged says the database file was changed under the gateway by something other than
// SQLite, or SQLite found it corrupt: what is written now may never be read back.
var ErrDamaged = errors.New("database file damaged while the gateway ran")

// headerSize is the length of SQLite's file header.
const headerSize = 100

// stableHeader lists the byte ranges of the header that never change under this gateway
// (which never vacuums) once set: the magic string, page size, file format versions, payload
// fractions; schema format, cache size, vacuum and text encoding (0 in a file without tables,
// set by the first checkpoint after one was created: lazy); incremental vacuum, application id
// and the reserved zeros. The rest (change counter, page count, freelist, schema cookie,
// user_version) changes at every checkpoint.
var stableHeader = []struct {
	from, to int
	lazy     bool
}{{0, 24, false}, {44, 60, true}, {64, 92, false}}

// shape is what the watch knows of the open file's contents: the largest size it has seen (a
// database file the gateway writes never shrinks: nothing vacuums it) and its header's
// stable part, nil until the file has one.
type shape struct {
	f       *os.File // the database file, opened once and closed only after SQLite closed it
	maxSize int64
	header  []byte
}

// openShape opens the file for reading its header. The descriptor stays open until close: on
// Linux, closing any descriptor of a file drops all of this process's POSIX locks on it,
// SQLite's included.
func openShape(path string) (*shape, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	sh := &shape{f: f}
	if _, err := sh.check(); err != nil {
		f.Close()
		return nil, err
	}
	return sh, nil
}

// check compares the file's size and header with what was seen before, returning the reason
// when it shrank or its header changed. It adopts a header seen for the first time.
func (sh *shape) check() (reason string, err error) {
	fi, err := sh.f.Stat()
	if err != nil {
		return "", err
	}
	size := fi.Size()
	if size < sh.maxSize {
		return fmt.Sprintf("shrank from %d to %d bytes", sh.maxSize, size), nil
	}
	sh.maxSize = size
	if size < headerSize {
		if sh.header != nil {
			return "header cut off", nil
		}
		return "", nil // a new database before SQLite wrote its first page
	}
	var buf [headerSize]byte
	if _, err := sh.f.ReadAt(buf[:], 0); err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	if sh.header == nil {
		sh.header = bytes.Clone(buf[:])
		if !bytes.HasPrefix(buf[:], []byte("SQLite format 3\x00")) {
			return "not a SQLite database", nil
		}
		return "", nil
	}
	for _, r := range stableHeader {
		was, now := sh.header[r.from:r.to], buf[r.from:r.to]
		switch {
		case bytes.Equal(was, now):
		case r.lazy && allZero(was):
			copy(was, now)
		default:
			return fmt.Sprintf("header overwritten at bytes %d-%d", r.from, r.to-1), nil
		}
	}
	return "", nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func (sh *shape) close() error { return sh.f.Close() }
