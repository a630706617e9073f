package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInstalledIsAnExecutableCopy(t *testing.T) {
	src := filepath.Join(t.TempDir(), "checkin-gateway")
	if err := os.WriteFile(src, []byte("#!/bin/sh\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	got, err := installed(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, "checkin-gateway") {
		t.Errorf("installed at %s; want it in %s", got, dir)
	}
	data, err := os.ReadFile(got)
	if err != nil || string(data) != "#!/bin/sh\n" {
		t.Errorf("copy holds %q, %v", data, err)
	}
	if fi, err := os.Stat(got); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("copy is not executable: %v, %v", fi.Mode(), err)
	}
	if _, err := installed(filepath.Join(dir, "missing"), t.TempDir()); err == nil {
		t.Error("installing a missing binary succeeded")
	}
}
