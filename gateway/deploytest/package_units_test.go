package deploytest

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// outsidePrograms are the programs our units may run that no package of ours installs: the
// system's shell and kill, and the example backup job the operator replaces with their own.
var outsidePrograms = map[string]bool{"/bin/sh": true, "/bin/kill": true, "/usr/local/sbin/nightly-backup": true}

var execLine = regexp.MustCompile(`(?m)^Exec[A-Za-z]*=[-@:+!]*(\S+)`)

// unitProgramProblems reads every systemd unit under tree (an installed or unpacked file
// system) and names each Exec*= program that is not a file in tree, unless it is one of
// outsidePrograms.
func unitProgramProblems(t *testing.T, tree string) []string {
	t.Helper()
	var problems []string
	units := 0
	err := filepath.WalkDir(tree, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".service") {
			return err
		}
		units++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := strings.ReplaceAll(string(b), "\\\n", " ")
		for _, m := range execLine.FindAllStringSubmatch(text, -1) {
			prog := m[1]
			if outsidePrograms[prog] {
				continue
			}
			if fi, err := os.Stat(filepath.Join(tree, prog)); err != nil || fi.Mode().Perm()&0o111 == 0 {
				rel, _ := filepath.Rel(tree, path)
				problems = append(problems, "/"+rel+" runs "+prog+", which is not installed")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if units == 0 {
		t.Fatalf("no systemd units under %s", tree)
	}
	return problems
}

// Every unit in the built .deb and .rpm (the gateway's and the client recipes' templates) runs
// programs that the same package installs, at the path it installs them.
func TestPackageUnitsRunInstalledPrograms(t *testing.T) {
	dpkgDeb := checkintest.RequireTool(t, "dpkg-deb")
	rpm2archive := checkintest.RequireTool(t, "rpm2archive")
	checkintest.RequireTool(t, "tar")
	for _, kind := range []string{"deb", "rpm"} {
		t.Run(kind, func(t *testing.T) {
			pkg := makePackage(t, kind)
			tree := t.TempDir()
			var cmd *exec.Cmd
			if kind == "deb" {
				cmd = exec.Command(dpkgDeb, "-x", pkg, tree)
			} else {
				cmd = exec.Command("/bin/sh", "-c", `"$1" -n - <"$2" | tar -x -C "$3"`, "sh", rpm2archive, pkg, tree)
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("unpack the .%s: %v\n%s", kind, err, out)
			}
			for _, p := range unitProgramProblems(t, tree) {
				t.Errorf(".%s: %s", kind, p)
			}
		})
	}
}
