package deploytest

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// balancer is one of the load balancer examples in deploy/loadbalancer, run as the real
// program in the foreground. The shipped file is used as it is, except for a few rewrites,
// each of which must match exactly once (so an edit of the example that the test no longer
// understands fails here, instead of being tested half):
//   - the address it listens on becomes a free 127.0.0.1 port, never port 80 or 5000 of the
//     machine (a system nginx or gateway may be there);
//   - the three example gateways 10.0.0.11-13:5000 become the two test gateways, the third
//     line is dropped;
//   - HAProxy's log goes to its standard error instead of /dev/log.
//
// Nothing else changes: balancing, retries, timeouts and health checks are the shipped ones.
type balancer struct {
	name    string // the program
	file    string // in deploy/loadbalancer
	rewrite func(listen string, gateways [2]string) []rewrite
	// start writes the configuration into dir and returns the command that runs it.
	start func(t *testing.T, dir, conf string) *exec.Cmd
	// check is the command that only validates the configuration in dir.
	check func(dir string) []string
	// takenOut is what it logs when it takes gw1 out of the rotation; backIn, when it puts it
	// back ("" for nginx, which only tries it again after fail_timeout and says nothing).
	takenOut, backIn string
}

// rewrite replaces old, which must occur exactly once, with new.
type rewrite struct{ old, new string }

var balancers = []balancer{
	{
		name: "haproxy",
		file: "haproxy.cfg",
		rewrite: func(listen string, gw [2]string) []rewrite {
			return []rewrite{
				{"bind 0.0.0.0:5000", "bind " + listen},
				{"server gw1 10.0.0.11:5000", "server gw1 " + gw[0]},
				{"server gw2 10.0.0.12:5000", "server gw2 " + gw[1]},
				{"\tserver gw3 10.0.0.13:5000\n", ""},
				{"log /dev/log local0", "log stderr format raw local0"},
			}
		},
		start: func(t *testing.T, dir, conf string) *exec.Cmd {
			writeFile(t, dir, "haproxy.cfg", conf)
			// -db: stay in the foreground, one process.
			return exec.Command("haproxy", "-db", "-f", filepath.Join(dir, "haproxy.cfg"))
		},
		check:    func(dir string) []string { return []string{"haproxy", "-c", "-f", filepath.Join(dir, "haproxy.cfg")} },
		takenOut: "Server gateways/gw1 is DOWN",
		backIn:   "Server gateways/gw1 is UP",
	},
	{
		name: "nginx",
		file: "nginx.conf",
		rewrite: func(listen string, gw [2]string) []rewrite {
			return []rewrite{
				{"listen 5000;", "listen " + listen + ";"},
				{"server 10.0.0.11:5000 ", "server " + gw[0] + " "},
				{"server 10.0.0.12:5000 ", "server " + gw[1] + " "},
				{"\tserver 10.0.0.13:5000 max_fails=1 fail_timeout=5s;\n", ""},
			}
		},
		start: func(t *testing.T, dir, conf string) *exec.Cmd {
			// The shipped file goes to conf.d, inside the http block of Debian's nginx.conf;
			// this main file stands in for that one, with every path in dir.
			writeFile(t, dir, "checkin.conf", conf)
			writeFile(t, dir, "nginx.conf", nginxMain(dir))
			return exec.Command("nginx", nginxArgs(dir)...)
		},
		check:    func(dir string) []string { return append([]string{"nginx", "-t"}, nginxArgs(dir)...) },
		takenOut: "upstream server temporarily disabled",
	},
}

func nginxArgs(dir string) []string {
	return []string{"-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", "stderr"}
}

// nginxMain is the main configuration around the shipped conf.d file: foreground, logs to
// standard error, pid and temporary files in dir.
func nginxMain(dir string) string {
	user := ""
	if os.Geteuid() == 0 {
		user = "user nobody nogroup;\n" // the workers' user, as Debian's www-data would be
	}
	return user + `daemon off;
worker_processes 1;
pid ` + dir + `/nginx.pid;
error_log stderr notice;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path ` + dir + `/client_body;
	proxy_temp_path ` + dir + `/proxy;
	fastcgi_temp_path ` + dir + `/fastcgi;
	uwsgi_temp_path ` + dir + `/uwsgi;
	scgi_temp_path ` + dir + `/scgi;
	include ` + dir + `/checkin.conf;
}
`
}

// runningBalancer is a balancer process in front of two gateways.
type runningBalancer struct {
	URL    string
	Stderr *checkintest.SyncBuffer
}

// startBalancer runs b on a free 127.0.0.1 port in front of gateways (host:port) and waits
// until /alive answers 204 through it. It is stopped when the test ends.
func startBalancer(t *testing.T, b balancer, gateways [2]string) *runningBalancer {
	t.Helper()
	checkintest.RequireTool(t, b.name)
	shipped, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "loadbalancer", b.file))
	if err != nil {
		t.Fatal(err)
	}
	listen := checkintest.FreeAddr(t)
	conf := string(shipped)
	for _, r := range b.rewrite(listen, gateways) {
		if n := strings.Count(conf, r.old); n != 1 {
			t.Fatalf("deploy/loadbalancer/%s has %q %d times; the test rewrites it and wants it once", b.file, r.old, n)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	// Not t.TempDir(): nginx's workers run as nobody and must reach their temporary files.
	dir, err := os.MkdirTemp("", "checkin-lb-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := b.start(t, dir, conf)
	args := b.check(dir)
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s\nconfiguration:\n%s", strings.Join(args, " "), err, out, conf)
	}
	rb := &runningBalancer{URL: "http://" + listen, Stderr: &checkintest.SyncBuffer{}}
	cmd.Stdout, cmd.Stderr = rb.Stderr, rb.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // nginx's workers go with it
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(rb.URL + "/alive"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				return rb
			}
		}
		select {
		case <-done:
			t.Fatalf("%s exited at start: %v\n%s", b.name, cmd.ProcessState, rb.Stderr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("/alive through %s did not answer 204 within 10s\n%s", b.name, rb.Stderr)
	return nil
}
