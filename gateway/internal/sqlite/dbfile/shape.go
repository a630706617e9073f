package dbfile

import (
	"bytes"
	"encoding/binary"
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

// stableHeader lists the byte ranges of the header that never change under this gateway once
// set: the magic string, page size, file format versions, payload
// fractions; schema format, cache size and text encoding (0 in a file without tables, set by
// the first checkpoint after one was created: lazy); incremental vacuum, application id and
// the reserved zeros. The largest root page (bytes 52-55) moves with every table or index made
// in an auto-vacuum file. The rest (change counter, page count, freelist, schema cookie,
// user_version) changes at every checkpoint.
var stableHeader = []struct {
	from, to int
	lazy     bool
}{{0, 24, false}, {44, 52, true}, {56, 60, true}, {64, 92, false}}

// shape is what the watch knows of the open file's contents: its size when last seen (it only
// shrinks when SQLite gives pages back, and then its header says so) and its header's stable
// part, nil until the file has one.
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
	if size < headerSize {
		if sh.header != nil || sh.maxSize >= headerSize {
			return "header cut off", nil
		}
		return "", nil // a new database before SQLite wrote its first page
	}
	var buf [headerSize]byte
	if _, err := sh.f.ReadAt(buf[:], 0); err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	if size < sh.maxSize {
		// SQLite gives pages back itself (incremental vacuum, see sqlite/vacuum): it writes the
		// smaller page count into the header before it truncates. A file shorter than its own
		// header says was cut by something else.
		if declared, ok := declaredSize(buf[:]); !ok || size < declared {
			return fmt.Sprintf("shrank from %d to %d bytes", sh.maxSize, size), nil
		}
	}
	sh.maxSize = size
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

// declaredSize is the file's size as its header says: page size times page count, when the
// header's page count is valid (its version-valid-for number equals the change counter).
func declaredSize(h []byte) (int64, bool) {
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	valid := bytes.Equal(h[24:28], h[92:96])
	return pageSize * pages, valid && pages > 0 && pageSize >= 512
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
