// Package testfs gives tests small file systems of their own, to fill up or make read-only.
// Mounting needs root (as in CI); without it the test skips, or fails when
// CHECKIN_REQUIRE_ALL=1.
package testfs

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// Tmpfs mounts a tmpfs of the given size (as mount's size= option, like "4m") on a fresh
// folder and unmounts it when the test ends.
func Tmpfs(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	mount(t, "a tmpfs", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir)
	return dir
}

// mount runs mount with args and unmounts the last of them (the folder) when the test ends.
func mount(t testing.TB, what string, args ...string) {
	t.Helper()
	out, err := exec.Command("mount", args...).CombinedOutput()
	if err != nil {
		checkintest.SkipOrFail(t, "cannot mount %s (needs root): %v %s", what, err, out)
	}
	dir := args[len(args)-1]
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil && !strings.Contains(string(out), "not mounted") {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

// Remount changes a mounted tmpfs's options, such as "ro" or "rw". Making it read-only fails
// while files on it are open for writing.
func Remount(t testing.TB, dir, opts string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s %s: %v %s", dir, opts, err, out)
	}
}

// Fill writes a file until the file system is full.
func Fill(t testing.TB, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", path, err)
			}
			return
		}
	}
}
