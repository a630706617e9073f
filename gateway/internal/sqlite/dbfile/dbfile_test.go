package dbfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWatch(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, path string) error
		reason string // "" when the file stays
	}{
		{"unchanged", func(*testing.T, string) error { return nil }, ""},
		{"written to", func(_ *testing.T, path string) error { return os.WriteFile(path, []byte("more"), 0o600) }, ""},
		{"removed", func(_ *testing.T, path string) error { return os.Remove(path) }, "removed"},
		{"replaced", func(t *testing.T, path string) error {
			other := filepath.Join(t.TempDir(), "restored")
			if err := os.WriteFile(other, nil, 0o600); err != nil {
				return err
			}
			return os.Rename(other, path)
		}, "replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			var told atomic.Int32
			w, err := NewWatch(path, 5*time.Millisecond, func(error) { told.Add(1) })
			if err != nil {
				t.Fatal(err)
			}
			defer w.Stop()
			if err := tt.change(t, path); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond) // several periodic checks
			err = w.Check()
			if tt.reason == "" {
				if err != nil || told.Load() != 0 {
					t.Errorf("Check = %v (told %d times); want nil", err, told.Load())
				}
				return
			}
			if !errors.Is(err, ErrReplaced) || !strings.Contains(err.Error(), tt.reason) || told.Load() != 1 {
				t.Errorf("Check = %v (told %d times); want ErrReplaced (%s), told once", err, told.Load(), tt.reason)
			}
			if err := os.WriteFile(path, nil, 0o600); err != nil { // a new file at the path
				t.Fatal(err)
			}
			if w.Check() == nil || w.Failed() == nil {
				t.Errorf("the watch recovered; want it failed until a new watch")
			}
		})
	}
}

func TestTakeLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	first, err := TakeLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TakeLock(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another checkin-gateway") {
		t.Errorf("second TakeLock = %v; want an error naming %s and another checkin-gateway", err, path)
	}
	first.Close()
	again, err := TakeLock(path)
	if err != nil {
		t.Fatalf("TakeLock after Close = %v", err)
	}
	again.Close()
}
