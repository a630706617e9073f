package readfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Regular reads regular files and refuses, at once, anything that could block a reload: a
// FIFO (opening one waits for a writer), a device, a folder.
func TestReadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	regular, fifo := filepath.Join(dir, "services.json"), filepath.Join(dir, "fifo")
	if err := os.WriteFile(regular, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, wantErr string
	}{
		{"regular", regular, ""},
		{"FIFO without a writer", fifo, "not a regular file"},
		{"device that never ends", "/dev/zero", "not a regular file"},
		{"folder", dir, "not a regular file"},
		{"missing", filepath.Join(dir, "nope"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Regular(tt.path, 1<<20)
			if tt.wantErr == "" {
				if err != nil || string(data) != `{}` {
					t.Errorf("Regular(%s) = %q, %v; want {}", tt.path, data, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Regular(%s) = %v; want an error naming the file and %q", tt.path, err, tt.wantErr)
			}
		})
	}
}

// A read that does not end in time is given up, and the caller goes on: here a plain open of a
// FIFO, which waits for a writer (a hung network file system waits the same way).
func TestReadWithinGivesUp(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := readWithin(50*time.Millisecond, fifo, os.ReadFile)
	if err == nil || !strings.Contains(err.Error(), "did not open and read within 50ms") {
		t.Errorf("readWithin = %v; want it given up after 50ms", err)
	}
	// Let the abandoned open finish: a writer that opens and closes gives it an end of file.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
			return
		}
	}
}

// A file already over the limit is refused from its size, without reading it: a sparse file of
// 4 GiB is refused at once with ErrTooLarge.
func TestRegularRefusesLargeFileUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := Regular(path, 16<<20)
	if !errors.Is(err, ErrTooLarge) || data != nil {
		t.Errorf("Regular(4 GiB, at most 16 MiB) = %d bytes, %v; want ErrTooLarge", len(data), err)
	}
}
