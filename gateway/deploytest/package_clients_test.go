package deploytest

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every client script that `make install` puts in the bin folder is in /usr/bin of the .deb and
// the .rpm too, so that the docs' commands (checkin-run, checkin-ping) work whichever way the
// gateway was installed. Reads the Makefile and nfpm.yaml; needs no packaging tool.
func TestPackagesInstallTheClientsOfMakeInstall(t *testing.T) {
	root := repoRoot(t)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	nfpm, err := os.ReadFile(filepath.Join(root, "deploy", "packaging", "nfpm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	installed := regexp.MustCompile(`(?m)^\tinstall -m 0755 deploy/clients/(\S+) \$\(DESTDIR\)\$\(BINDIR\)/`).FindAllSubmatch(makefile, -1)
	if len(installed) == 0 {
		t.Fatal("found no client script that make install puts in BINDIR; the pattern is out of date")
	}
	for _, m := range installed {
		name := regexp.QuoteMeta(string(m[1]))
		packaged := regexp.MustCompile(`(?m)^  - src: \.\./clients/` + name + `\n    dst: /usr/bin/` + name + `\n    file_info: \{mode: 0755\}$`)
		if !packaged.Match(nfpm) {
			t.Errorf("make install puts %s in BINDIR, but nfpm.yaml does not install it as /usr/bin/%[1]s (mode 0755)", m[1])
		}
	}
}
