package checkintest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBuildBuildsOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.24\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOWORK", "off") // the little module is no part of the workspace
	t.Chdir(dir)
	first := Build(t, ".", "hello")
	if filepath.Base(first) != "hello" {
		t.Errorf("Build(., hello) = %s; want a program named hello", first)
	}
	if fi, err := os.Stat(first); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("built program %s: %v, %v; want an executable file", first, fi, err)
	}
	if err := os.Remove(first); err != nil {
		t.Fatal(err)
	}
	if again := Build(t, ".", "hello"); again != first {
		t.Errorf("second Build = %s; want the first build's %s", again, first)
	}
	if _, err := os.Stat(first); err == nil {
		t.Errorf("second Build built again; want it to reuse the first build")
	}
}
