package checkintest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// build is one program built for the test binary, or the error that stopped it.
type build struct {
	once sync.Once
	path string
	err  error
}

var (
	buildsMu sync.Mutex
	builds   = map[string]*build{}
)

// Build builds the main package pkg once per test binary and returns the program's path, in a
// temporary folder under the file name name. pkg is what `go build` takes: an import path (found
// from anywhere in the module or workspace) or a folder relative to the test's directory, such
// as "." or "../gateway". Tests asking for the same pkg and name share the build. Under
// `go test -race` the program is built with -race as well, so that a race in a process test
// (a stop, a reload) fails it: the program then exits 66 and says where.
func Build(t testing.TB, pkg, name string) string {
	t.Helper()
	buildsMu.Lock()
	b := builds[pkg+"\x00"+name]
	if b == nil {
		b = &build{}
		builds[pkg+"\x00"+name] = b
	}
	buildsMu.Unlock()
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "checkin-test-bin")
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, name)
		args := []string{"build", "-o", b.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		if out, err := exec.Command("go", append(args, pkg)...).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}
