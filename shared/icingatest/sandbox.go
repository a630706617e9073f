// Package icingatest runs a real Icinga 2 daemon in a temporary folder for end-to-end tests of
// the gateway and the plugin: its own paths, a certificate for its REST API on 127.0.0.1, a
// configuration that includes the files a test names, and a small client for the API. Tests
// that use it skip when icinga2 is missing, and fail then under CHECKIN_REQUIRE_ALL=1. Only
// tests import it. Standard library only.
package icingatest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// SystemPluginDir is where Debian's monitoring-plugins put check_http and the others.
const SystemPluginDir = "/usr/lib/nagios/plugins"

// Sandbox is one Icinga 2 node in a temporary folder. Its PluginDir is the folder PluginDir,
// where a test links the plugins it runs.
type Sandbox struct {
	Binary    string // the icinga2 program
	Dir       string // the sandbox's root; etc/ holds the configuration
	PluginDir string
	APIPort   int

	password string
	client   *http.Client
	daemon   *Daemon // the running daemon, for its log in failure messages
	logShown bool
}

// New makes an empty sandbox. It skips the test (or fails it under CHECKIN_REQUIRE_ALL=1) when
// icinga2 is not installed, and under -short (a real Icinga takes seconds to start).
func New(t testing.TB) *Sandbox {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test with a real Icinga 2: skipped under -short")
	}
	s := &Sandbox{Binary: findIcinga2(t), Dir: t.TempDir(), APIPort: checkintest.FreePort(t), password: "checkin-test"}
	s.PluginDir = filepath.Join(s.Dir, "plugins")
	for _, sub := range []string{"etc/zones.d", "lib/certs", "log", "cache", "spool", "run", "plugins"} {
		if err := os.MkdirAll(filepath.Join(s.Dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pool := s.writeCertificate(t)
	s.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	t.Cleanup(s.client.CloseIdleConnections)
	return s
}

// findIcinga2 looks on PATH, then where the Debian package puts it (/usr/sbin is not on every
// PATH).
func findIcinga2(t testing.TB) string {
	t.Helper()
	if path, err := exec.LookPath("icinga2"); err == nil {
		return path
	}
	if info, err := os.Stat("/usr/sbin/icinga2"); err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
		return "/usr/sbin/icinga2"
	}
	return checkintest.RequireTool(t, "icinga2")
}

// SystemPlugin returns the path of a plugin of the monitoring-plugins package, like check_http,
// skipping (or failing) the test when it is missing.
func SystemPlugin(t testing.TB, name string) string {
	t.Helper()
	path, err := filepath.EvalSymlinks(filepath.Join(SystemPluginDir, name))
	if err != nil {
		checkintest.SkipOrFail(t, "%s (monitoring-plugins-basic) is not installed: %v", name, err)
	}
	return path
}

// LinkPlugin makes the program at target available to Icinga as PluginDir + "/" + name.
func (s *Sandbox) LinkPlugin(t testing.TB, name, target string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(s.PluginDir, name)); err != nil {
		t.Fatal(err)
	}
}

// writeCertificate writes the API's certificate: a self-signed EC one for CN=localhost (the
// NodeName), which is also its CA. It returns a pool that trusts it.
func (s *Sandbox) writeCertificate(t testing.TB) *x509.CertPool {
	t.Helper()
	der, key := checkintest.SelfSigned(t)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	crt := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	certs := filepath.Join(s.Dir, "lib", "certs")
	for name, data := range map[string][]byte{
		"localhost.crt": crt, "ca.crt": crt,
		"localhost.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
	} {
		if err := os.WriteFile(filepath.Join(certs, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(crt)
	return pool
}

// WriteFile writes content to name in the sandbox's etc/ and returns its path.
func (s *Sandbox) WriteFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(s.Dir, "etc", name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// WriteConfig writes a main configuration file named name: the node (a checker, the API on
// 127.0.0.1 with the user "test"), then an include of each file in includes. It returns its path.
func (s *Sandbox) WriteConfig(t testing.TB, name string, includes ...string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "const PluginDir = %q\nconst NodeName = \"localhost\"\nconst ZoneName = NodeName\n", s.PluginDir)
	b.WriteString("include <itl>\ninclude <plugins>\n")
	b.WriteString("object CheckerComponent \"checker\" {}\nobject NotificationComponent \"notification\" {}\n")
	b.WriteString("object Endpoint NodeName {}\nobject Zone ZoneName { endpoints = [ NodeName ] }\n")
	fmt.Fprintf(&b, "object ApiListener \"api\" { bind_host = \"127.0.0.1\"; bind_port = %d }\n", s.APIPort)
	fmt.Fprintf(&b, "object ApiUser \"test\" { password = %q; permissions = [ \"*\" ] }\n", s.password)
	for _, inc := range includes {
		fmt.Fprintf(&b, "include %q\n", inc)
	}
	return s.WriteFile(t, name, b.String())
}

// command is icinga2 with args and the -D flags that keep it inside the sandbox, in a clean
// environment: the plugins inherit it, and no CHECKIN_* variable of the test's own may change
// what they do.
func (s *Sandbox) command(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	for _, d := range []struct{ name, sub string }{
		{"ConfigDir", "etc"}, {"DataDir", "lib"}, {"LogDir", "log"}, {"CacheDir", "cache"},
		{"SpoolDir", "spool"}, {"InitRunDir", "run"}, {"ZonesDir", "etc/zones.d"},
	} {
		args = append(args, "-D"+d.name+"="+filepath.Join(s.Dir, d.sub))
	}
	cmd := exec.Command(s.Binary, args...)
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	group := u.Gid
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		group = g.Name
	}
	// Without these the daemon drops to the nagios user, which cannot write the sandbox.
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
		"ICINGA2_USER=" + u.Username, "ICINGA2_GROUP=" + group}
	return cmd
}

// Run runs icinga2 with args (like "object", "list") in the sandbox and returns its output.
func (s *Sandbox) Run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := s.command(t, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("icinga2 %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// warningLine is a line Icinga logs at severity warning or worse.
var warningLine = regexp.MustCompile(`(?m)^(?:\[[^\]]*\] )?(?:warning|critical)/.*$`)

// Validate runs `icinga2 daemon -C` on config and fails the test, with Icinga's words, when the
// configuration is refused or Icinga warns about it.
func (s *Sandbox) Validate(t testing.TB, config string) {
	t.Helper()
	out, err := s.command(t, "daemon", "-C", "-c", config).CombinedOutput()
	if err != nil {
		t.Fatalf("icinga2 daemon -C refused %s: %v\n%s", config, err, out)
	}
	if w := warningLine.FindAllString(string(out), -1); len(w) > 0 {
		t.Fatalf("icinga2 daemon -C warns about %s:\n%s\n\nfull output:\n%s", config, strings.Join(w, "\n"), out)
	}
}
