// Package readfile reads a file that must be a regular one within a time limit: a FIFO, a
// device or a hung network file system must not hold a reload (and every later one) for good.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// ErrTooLarge says a regular file is larger than the caller's limit; it is known from the
// file's size, before anything is read.
var ErrTooLarge = errors.New("file larger than the limit")

// Timeout bounds how long Regular waits for a file to open and be read: a file on a hung
// network file system must not hold a reload (and every later one) for good.
const Timeout = time.Second

// Regular reads a configuration file (services.json, a TLS certificate or key) that must be a
// regular file, within Timeout, and of it at most most+1 bytes, so that the caller can tell a
// file that grew past most while it was read. A file already larger than most when opened is
// refused with ErrTooLarge without being read: under load, reading 16 MiB only to refuse it
// could take longer than Timeout, which then hid the real reason. A FIFO, socket or device is refused at once (opening a FIFO
// waits for a writer, reading a device may never end); a file that takes longer is refused
// with an error saying so, its read left to finish or hang on its own.
func Regular(path string, most int64) ([]byte, error) {
	return readWithin(Timeout, path, func(path string) ([]byte, error) { return readRegular(path, most) })
}

// readWithin runs read(path), giving up after limit.
func readWithin(limit time.Duration, path string, read func(string) ([]byte, error)) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1) // the read may end after we gave up: it must not block then
	go func() {
		data, err := read(path)
		done <- result{data, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.data, r.err
	case <-timer.C:
		return nil, fmt.Errorf("read %s: did not open and read within %v (a hung network file system?)", path, limit)
	}
}

// readRegular opens path without waiting for a writer (O_NONBLOCK: a FIFO opens at once) and
// reads up to most+1 bytes of it when the opened file is a regular one.
func readRegular(path string, most int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: not a regular file (%v), refused", path, fi.Mode().Type())
	}
	if fi.Size() > most {
		return nil, fmt.Errorf("read %s: %w (%d bytes, at most %d)", path, ErrTooLarge, fi.Size(), most)
	}
	return io.ReadAll(io.LimitReader(f, most+1)) // never more than the caller's size check needs
}
