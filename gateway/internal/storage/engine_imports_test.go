package storage

import (
	"errors"
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// internalPath is the import path of the gateway's internal packages.
const internalPath = "github.com/checkin-gateway/checkin-gateway/gateway/internal/"

// engines are the storage engines, by their folder under internal; a package in one (or below)
// belongs to that engine.
var engines = []string{"sqlite", "postgres"}

// mayOpenEngines are the packages under internal that may import an engine: the daemon's
// wiring and the engine-parametrised test helper. Package main and cmd/bench (the other
// wiring) are outside internal.
var mayOpenEngines = map[string]bool{"daemon": true, "backendtest": true}

// engineOf names the engine a package (its folder under internal) belongs to, or "".
func engineOf(rel string) string {
	for _, e := range engines {
		if rel == e || strings.HasPrefix(rel, e+"/") {
			return e
		}
	}
	return ""
}

// Every package under internal uses storage through package storage and the interfaces it
// declares itself: only the wiring and the test helper import an engine, and no engine imports
// the other one. The check reads the non-test imports of every package folder, so a new
// import of sqlite or postgres in, say, the server fails here.
func TestOnlyWiringImportsEngines(t *testing.T) {
	root := ".." // internal
	checked := 0
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && dir != root {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, 0)
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		checked++
		own := engineOf(rel)
		for _, imp := range pkg.Imports {
			target, ok := strings.CutPrefix(imp, internalPath)
			if !ok {
				continue
			}
			engine := engineOf(target)
			if engine == "" || engine == own || mayOpenEngines[rel] {
				continue
			}
			t.Errorf("internal/%s imports %s: only the wiring (package main, internal/daemon) and internal/backendtest may import an engine; use package storage and an interface declared by the user", rel, imp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked the imports of %d packages under internal; want all of them (is the test in internal/storage?)", checked)
	}
}
