package testfs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Ext4 is an ext4 file system in a loop-mounted image file, mounted with errors=remount-ro
// like many servers' disks.
type Ext4 struct {
	Dir   string
	image string
}

// NewExt4 makes and mounts an ext4 file system of the given size (as truncate takes it, like
// "16M"); it is unmounted when the test ends.
func NewExt4(t testing.TB, size string) *Ext4 {
	t.Helper()
	tmp := t.TempDir()
	fs := &Ext4{Dir: filepath.Join(tmp, "mnt"), image: filepath.Join(tmp, "disk.img")}
	if err := os.Mkdir(fs.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"truncate", "-s", size, fs.image}, {"mkfs.ext4", "-q", "-F", fs.image}} {
		if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s", strings.Join(cmd, " "), err, out)
		}
	}
	fs.mount(t)
	return fs
}

func (fs *Ext4) mount(t testing.TB) {
	t.Helper()
	mount(t, "an ext4 image", "-o", "loop,errors=remount-ro", fs.image, fs.Dir)
}

// Fail reports a file system error to the kernel, as a failing disk would; the kernel then
// makes the file system read-only at once, files open for writing included.
func (fs *Ext4) Fail(t testing.TB) {
	t.Helper()
	out, err := exec.Command("findmnt", "-n", "-o", "SOURCE", fs.Dir).Output()
	if err != nil {
		t.Fatalf("findmnt %s: %v", fs.Dir, err)
	}
	dev := filepath.Base(strings.TrimSpace(string(out)))
	if err := os.WriteFile(filepath.Join("/sys/fs/ext4", dev, "trigger_fs_error"), []byte("1"), 0); err != nil {
		t.Fatalf("trigger a file system error on %s: %v", dev, err)
	}
}

// Repair unmounts and mounts the file system again, as a sysadmin would after fixing the disk;
// nothing may hold files on it.
func (fs *Ext4) Repair(t testing.TB) {
	t.Helper()
	if out, err := exec.Command("umount", fs.Dir).CombinedOutput(); err != nil {
		t.Fatalf("umount %s: %v %s", fs.Dir, err, out)
	}
	if out, err := exec.Command("e2fsck", "-f", "-y", fs.image).CombinedOutput(); err != nil {
		// 1: errors corrected, the usual case after Fail.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			t.Fatalf("e2fsck: %v %s", err, out)
		}
	}
	if out, err := exec.Command("mount", "-o", "loop,errors=remount-ro", fs.image, fs.Dir).CombinedOutput(); err != nil {
		t.Fatalf("mount %s again: %v %s", fs.Dir, err, out)
	}
}
