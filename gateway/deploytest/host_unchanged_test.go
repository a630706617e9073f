package deploytest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// hostFiles are the host's files a package test would change if it installed anything on the
// host: dpkg's log and status, rpm's database, the users and groups, a hand-installed plugin,
// and where our package puts its files.
var hostFiles = []string{
	"/var/log/dpkg.log", "/var/lib/dpkg/status", "/var/lib/rpm",
	"/etc/passwd", "/etc/group", "/etc/shadow",
	"/usr/lib/nagios/plugins/check_checkin", "/usr/lib64/nagios/plugins/check_checkin",
	"/usr/bin/checkin-gateway", "/usr/bin/checkin-run", "/etc/checkin-gateway", "/var/lib/checkin-gateway",
	"/usr/sbin/policy-rc.d", "/usr/lib/systemd/system/checkin-gateway.service",
	// where the package tests copy the packages inside the throwaway root, which were once
	// written on the host when the copy came before the root's chroot
	"/tmp/checkin-gateway.deb", "/tmp/checkin-gateway.rpm",
}

// fileState describes a path without changing it: missing, or its type, mode, owner, size and
// content hash (a folder: its entries' names).
func fileState(path string) string {
	fi, err := os.Lstat(path)
	if err != nil {
		return "missing"
	}
	st := fmt.Sprintf("%v uid %d size %d", fi.Mode(), ownerOf(fi), fi.Size())
	if fi.IsDir() {
		names, _ := filepath.Glob(filepath.Join(path, "*"))
		return st + fmt.Sprintf(" entries %q", names)
	}
	if fi.Mode().IsRegular() {
		b, err := os.ReadFile(path)
		if err != nil {
			return st + " unreadable: " + err.Error()
		}
		st += fmt.Sprintf(" sha256 %x", sha256.Sum256(b))
	}
	return st
}

// snapshot is the state of each path.
func snapshot(paths []string) map[string]string {
	m := make(map[string]string, len(paths))
	for _, p := range paths {
		m[p] = fileState(p)
	}
	return m
}

// changed names the paths whose state differs between two snapshots.
func changed(before, after map[string]string) []string {
	var diff []string
	for p, b := range before {
		if after[p] != b {
			diff = append(diff, fmt.Sprintf("%s: %s, now %s", p, b, after[p]))
		}
	}
	return diff
}

// hostMustNotChange fails the test when, at its end, any of hostFiles differs from its start:
// a package test that installed on the host instead of into its throwaway root.
func hostMustNotChange(t *testing.T) {
	t.Helper()
	before := snapshot(hostFiles)
	t.Cleanup(func() {
		for _, d := range changed(before, snapshot(hostFiles)) {
			t.Errorf("the test changed the host: %s", d)
		}
	})
}

// The guard notices a file that appears, one that changes, one that goes, and leaves
// unchanged files alone.
func TestHostGuardSeesChanges(t *testing.T) {
	dir := t.TempDir()
	keep := writeFile(t, dir, "keep", "same")
	edit := writeFile(t, dir, "edit", "before")
	gone := writeFile(t, dir, "gone", "here")
	appear := filepath.Join(dir, "appear")
	paths := []string{keep, edit, gone, appear, dir}
	before := snapshot(paths)
	if d := changed(before, snapshot(paths)); len(d) != 0 {
		t.Fatalf("nothing changed, but the guard says %v", d)
	}
	writeFile(t, dir, "edit", "after!")
	os.Remove(gone)
	writeFile(t, dir, "appear", "new")
	d := changed(before, snapshot(paths))
	if len(d) != 4 { // edit, gone, appear, and the folder's entries
		t.Errorf("changed = %q; want edit, gone, appear and the folder", d)
	}
}

func ownerOf(fi os.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid
	}
	return 0
}
