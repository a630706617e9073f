package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// installed copies the binary at src into dir, as `make install` and the packages put it in
// place, and returns the copy's path. A binary run straight from the linker's output has part
// of its code mapped in 2 MB pages from the page cache, which adds about 4 MB of RSS that an
// installed copy does not have (docs/performance.md); the bench measures what operators run.
func installed(src, dir string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("install %s for the bench: %w", src, err)
	}
	defer in.Close()
	dst := filepath.Join(dir, filepath.Base(src))
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return "", fmt.Errorf("install %s for the bench: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return "", fmt.Errorf("install %s for the bench: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return "", fmt.Errorf("install %s for the bench: %w", src, err)
	}
	return dst, nil
}
