// Package pgtest runs throwaway PostgreSQL clusters for tests: initdb in a temporary folder, a
// postgres process on a free 127.0.0.1 port, removed afterwards. When PostgreSQL is not
// installed the test is skipped, or fails under CHECKIN_REQUIRE_ALL=1. Tests import it, and so
// does make bench (gateway/cmd/bench) through Throwaway.
package pgtest

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// Superuser is the cluster's superuser; Password is its password, needed for every connection
// over TCP (scram-sha-256), so tests exercise password handling as a real setup does.
const (
	Superuser = "checkin"
	Password  = "test-secret-pw"
)

// Cluster is a running PostgreSQL server of a test's own.
type Cluster struct {
	Port int
	dir  string // holds data/ and the socket; owned by the user postgres runs as
	bin  string // folder of initdb and postgres
	cred *syscall.Credential

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	stderr checkintest.SyncBuffer
}

// NewCluster starts a cluster that is stopped and removed when the test ends.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	skipShort(t)
	c, err := newCluster(checkintest.FreePort(t))
	if err != nil {
		if errors.Is(err, errMissing) {
			checkintest.SkipOrFail(t, "%v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(c.remove)
	return c
}

var errMissing = errors.New("PostgreSQL (initdb, postgres) is not installed")

func newCluster(port int) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "checkin-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Port: port, dir: dir, bin: bin}
	if err := c.init(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

// binDir finds initdb: on the PATH, or in Debian's /usr/lib/postgresql/<version>/bin (newest).
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errMissing
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// init runs initdb. PostgreSQL refuses to run as root, so as root the cluster belongs to the
// user postgres (which Debian's package creates).
func (c *Cluster) init() error {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the user postgres: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return err
		}
	}
	pw := filepath.Join(c.dir, "pwfile")
	if err := os.WriteFile(pw, []byte(Password+"\n"), 0o644); err != nil {
		return err
	}
	cmd := c.command("initdb", "-D", filepath.Join(c.dir, "data"), "-U", Superuser, "--pwfile", pw,
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	return nil
}

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	// A process group of its own, so that Stop(SIGKILL) reaches every backend.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Setpgid: true}
	return cmd
}

// URL is a connection URL for database db, with the superuser's password in it.
func (c *Cluster) URL(db string) string {
	u := c.URLWithoutPassword(db)
	p, _ := url.Parse(u)
	p.User = url.UserPassword(Superuser, Password)
	return p.String()
}

// URLWithoutPassword is URL without the password, for tests that pass it as PGPASSWORD.
func (c *Cluster) URLWithoutPassword(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", Superuser, c.Port, db)
}

// remove stops the server and deletes the cluster's folder.
func (c *Cluster) remove() {
	_ = c.Stop(syscall.SIGINT)
	os.RemoveAll(c.dir)
}
