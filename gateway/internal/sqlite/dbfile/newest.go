package dbfile

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// The newest-file (the database's path plus ".newest") records the highest check-in id the
// gateway committed to the database, rewritten in place after every commit that stored one.
// SQLite cannot tell at start that its file was emptied or its write-ahead log cut short: both
// open as a smaller, valid database. The file can: a database whose newest check-in is older
// than the file says lost check-ins that were acknowledged.
//
// It is written after the commit is on disk, so it never names an id the database has not got;
// it is not synced itself (a power cut may leave it older, or torn: then unreadable, and the
// check is skipped with a warning). One fixed-length line, with a checksum:
//
//	checkin-gateway newest check-in 00000000000000012345 crc 1a2b3c4d
const newestPrefix = "checkin-gateway newest check-in "

// NewestPath is the newest-file of the database at path.
func NewestPath(path string) string { return path + ".newest" }

func formatNewest(id int64) []byte {
	body := fmt.Sprintf("%s%020d", newestPrefix, id)
	return fmt.Appendf(nil, "%s crc %08x\n", body, crc32.ChecksumIEEE([]byte(body)))
}

// ReadNewest returns the id the newest-file of the database at path records; found is false
// when there is no such file. A file that does not parse (torn by a power cut, or written by
// someone else) is an error.
func ReadNewest(path string) (id int64, found bool, err error) {
	name := NewestPath(path)
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read %s: %w", name, err)
	}
	line := strings.TrimSuffix(string(b), "\n")
	body, sum, ok := strings.Cut(line, " crc ")
	digits, isOurs := strings.CutPrefix(body, newestPrefix)
	if !ok || !isOurs || fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(body))) != sum {
		return 0, false, fmt.Errorf("%s is not a newest check-in record (torn or overwritten)", name)
	}
	if id, err = strconv.ParseInt(digits, 10, 64); err != nil {
		return 0, false, fmt.Errorf("%s: %w", name, err)
	}
	return id, true, nil
}

// Newest keeps the newest-file up to date while the database is open.
type Newest struct {
	f    *os.File
	last int64
}

// OpenNewest opens (creating) the newest-file of the database at path and writes id to it.
func OpenNewest(path string, id int64) (*Newest, error) {
	f, err := os.OpenFile(NewestPath(path), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open newest check-in record: %w", err)
	}
	n := &Newest{f: f, last: -1}
	if err := n.Note(id); err != nil {
		f.Close()
		return nil, err
	}
	return n, nil
}

// Note records id when it differs from the last one noted: one write of a fixed-length line
// in place, no sync.
func (n *Newest) Note(id int64) error {
	if id == n.last {
		return nil
	}
	if _, err := n.f.WriteAt(formatNewest(id), 0); err != nil {
		return fmt.Errorf("write newest check-in record: %w", err)
	}
	n.last = id
	return nil
}

// Close closes the file.
func (n *Newest) Close() error { return n.f.Close() }
