package deploytest

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// lastCheckin reads the newest stored check-in of service.
func lastCheckin(t *testing.T, g *gatewaytest.Gateway, service string) (status, info string) {
	t.Helper()
	return lastCheckinWith(t, http.DefaultClient, g, service)
}

// lastCheckinTLS reads the newest stored check-in of service from a gateway serving a
// certificate signed by ca.
func lastCheckinTLS(t *testing.T, g *gatewaytest.Gateway, ca *testpki.CA, service string) (status, info string) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	return lastCheckinWith(t, client, g, service)
}

func lastCheckinWith(t *testing.T, client *http.Client, g *gatewaytest.Gateway, service string) (status, info string) {
	t.Helper()
	resp, err := client.Get(g.URL + "/api/v1/services/" + url.PathEscape(service) + "/history?limit=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h []struct{ Status, Info string }
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	if len(h) == 0 {
		return "", ""
	}
	return h[0].Status, h[0].Info
}

var elapsed = regexp.MustCompile(`\b(in|after) [0-9]+s; `)

// lastRun is lastCheckin with checkin-run's run time (which may be 0s or 1s) written as Ns.
func lastRun(t *testing.T, g *gatewaytest.Gateway, service string) (status, info string) {
	t.Helper()
	status, info = lastCheckin(t, g, service)
	return status, elapsed.ReplaceAllString(info, "$1 Ns; ")
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// checkinRunCase is one run of checkin-run; MARKER in args becomes a file path.
type checkinRunCase struct {
	name       string
	service    string // whose history to read back; default laptop
	env        []string
	args       []string
	wantCode   int
	wantStatus string
	wantInfo   string
	wantStderr string
	wantMaxLen int    // when set, the stored info is at most this long
	wantStdout string // contained in standard output
	wantRan    bool   // the job ran (it writes its MARKER file) though nothing was sent
}

func TestCheckinRun(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startGateway(t, testServices, nil)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-run")
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "backup.token", "tok\"en\\with quotes\r\n") // written on Windows
	conf := writeFile(t, dir, "client.conf", "# test\nCHECKIN_URL="+g.URL+"\nCHECKIN_TOKEN=laptop-token\n")

	tests := []checkinRunCase{{
		name:       "success reports OK with the last lines",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"},
		args:       []string{"-n", "2", "laptop", "--", "printf", `one\ntwo\nthree\n`},
		wantStatus: "OK",
		wantInfo:   "printf succeeded in Ns; last output:\ntwo\nthree",
	}, {
		name:    "failure reports CRITICAL with exit code and escaped output",
		service: "backup",
		env:     []string{"CHECKIN_URL=" + g.URL + "/", "CHECKIN_TOKEN_FILE=" + tokenFile},
		args: []string{"backup", "--", "sh", "-c",
			`printf 'say "hi"\\\tC:\\dir\\\n\001\377bell\r\nlast\n'; echo oops >&2; exit 3`},
		wantCode:   3,
		wantStatus: "CRITICAL",
		wantInfo:   "sh failed with exit code 3 after Ns; last output:\nsay \"hi\"\\\tC:\\dir\\\nbell\nlast\noops",
	}, {
		name:       "settings from a conf file, job named with -d, no output",
		env:        []string{"CHECKIN_CONF=" + conf},
		args:       []string{"-d", "nightly job", "laptop", "--", "true"},
		wantStatus: "OK",
		wantInfo:   "nightly job succeeded in Ns; no output",
	}, {
		name:       "long output is cut to its last 4000 bytes",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"},
		args:       []string{"laptop", "--", "sh", "-c", `head -c 100000 /dev/zero | tr '\0' x; echo; echo end`},
		wantStatus: "OK",
		wantInfo:   "sh succeeded in Ns; last output:\nxxxx",
		wantMaxLen: 4100,
	}, {
		name:       "a missing command is CRITICAL with 127",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"},
		args:       []string{"laptop", "--", "/nonexistent/command"},
		wantCode:   127,
		wantStatus: "CRITICAL",
		wantInfo:   "command failed with exit code 127 after Ns; last output:\n",
	}, {
		name:       "a wrong token fails the run and is not printed",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=wrong-secret"},
		args:       []string{"laptop", "--", "true"},
		wantCode:   1,
		wantStderr: "check-in of laptop as OK failed (HTTP 401)",
	}, {
		name:       "no -- is a usage error",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"},
		args:       []string{"laptop", "true"},
		wantCode:   64,
		wantStderr: "usage: checkin-run",
	}, {
		name:       "--help prints the usage",
		args:       []string{"--help"},
		wantStdout: "usage",
	}, {
		name:       "-h prints the usage",
		args:       []string{"-h"},
		wantStdout: "usage",
	}}
	// Whatever keeps the check-in from being sent, the job runs, its exit code stands, and one
	// line says why.
	job := []string{"--", "sh", "-c", `echo ran >"$0"; exit 5`, "MARKER"}
	nowhere := "http://" + checkintest.FreeAddr(t)
	for _, c := range []struct {
		name, stderr string
		env          []string
	}{
		{"no URL", "set CHECKIN_URL (environment or CHECKIN_CONF)", []string{"CHECKIN_TOKEN=laptop-token"}},
		{"no token", "set CHECKIN_TOKEN or CHECKIN_TOKEN_FILE", []string{"CHECKIN_URL=" + g.URL}},
		{"unreadable token file", "cannot read CHECKIN_TOKEN_FILE /nonexistent/token",
			[]string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN_FILE=/nonexistent/token"}},
		{"unreadable conf file", "cannot read CHECKIN_CONF /nonexistent/conf", []string{"CHECKIN_CONF=/nonexistent/conf"}},
		{"gateway unreachable", nowhere + ": Failed to connect to 127.0.0.1", []string{"CHECKIN_URL=" + nowhere, "CHECKIN_TOKEN=laptop-token"}},
	} {
		tests = append(tests, checkinRunCase{
			name: c.name + ": the job runs, the check-in is not sent", env: c.env, args: append([]string{"laptop"}, job...),
			wantCode: 5, wantStderr: "checkin-run: check-in of laptop as CRITICAL not sent: " + c.stderr, wantRan: true,
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			service := tt.service
			if service == "" {
				service = "laptop"
			}
			_, before := lastRun(t, g, service)
			marker := filepath.Join(t.TempDir(), "ran")
			args := append([]string{script}, tt.args...)
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "MARKER", marker)
			}
			cmd := exec.Command(sh, args...)
			// No conf file unless the case names one (a later variable wins).
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_CONF="}, tt.env...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\nstderr: %s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q; want it to contain %q", stdout.String(), tt.wantStdout)
			}
			if _, err := os.Stat(marker); tt.wantRan && err != nil {
				t.Errorf("the job did not run")
			}
			if tt.wantRan && strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("stderr = %q; want one line", stderr.String())
			}
			if strings.Contains(stderr.String(), "secret") {
				t.Errorf("stderr shows the token: %q", stderr.String())
			}
			status, info := lastRun(t, g, service)
			if tt.wantStatus == "" {
				if info != before {
					t.Errorf("a check-in was stored: %s %q", status, info)
				}
				return
			}
			if status != tt.wantStatus || !strings.HasPrefix(info, tt.wantInfo) {
				t.Errorf("stored %s %.200q; want %s %q", status, info, tt.wantStatus, tt.wantInfo)
			}
			if tt.wantMaxLen > 0 && (len(info) > tt.wantMaxLen || !strings.HasSuffix(info, "x\nend")) {
				t.Errorf("stored %d bytes ending %q; want at most %d ending with the output's end", len(info), info[max(0, len(info)-20):], tt.wantMaxLen)
			}
		})
	}
}

func TestPythonClient(t *testing.T) {
	python := checkintest.RequireTool(t, "/usr/bin/python3")
	if out, err := exec.Command(python, "-c", "import requests").CombinedOutput(); err != nil {
		checkintest.SkipOrFail(t, "python3-requests is not installed: %v %s", err, out)
	}
	g := startGateway(t, testServices, nil)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin.py")
	tests := []struct {
		name       string
		env        []string
		args       []string
		wantCode   int
		wantStatus string
		wantInfo   string
	}{
		{"warning with info", []string{"CHECKIN_TOKEN=laptop-token"}, []string{"laptop", "warning", "reboot \"pending\"\nline 2"}, 0, "WARNING", "reboot \"pending\"\nline 2"},
		{"token with quotes", []string{"CHECKIN_TOKEN=tok\"en\\with quotes"}, []string{"backup", "OK"}, 0, "OK", ""},
		{"wrong token", []string{"CHECKIN_TOKEN=wrong-secret"}, []string{"laptop", "OK", "x"}, 1, "", ""},
		{"unknown status", []string{"CHECKIN_TOKEN=laptop-token"}, []string{"laptop", "FINE"}, 64, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, before := lastCheckin(t, g, tt.args[0])
			cmd := exec.Command(python, append([]string{script}, tt.args...)...)
			cmd.Env = append([]string{"CHECKIN_URL=" + g.URL}, tt.env...)
			out, err := cmd.CombinedOutput()
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\n%s", got, tt.wantCode, out)
			}
			if strings.Contains(string(out), "secret") {
				t.Errorf("output shows the token: %s", out)
			}
			status, info := lastCheckin(t, g, tt.args[0])
			if tt.wantStatus == "" {
				if info != before {
					t.Errorf("a check-in was stored: %s %q", status, info)
				}
				return
			}
			if status != tt.wantStatus || info != tt.wantInfo {
				t.Errorf("stored %s %q; want %s %q", status, info, tt.wantStatus, tt.wantInfo)
			}
		})
	}
}

// checkin.py keeps the tail of a 5 MB output, as a command (INFO "-" from standard input) and
// as a library imported the way docs/install.md shows.
func TestPythonClientLongOutput(t *testing.T) {
	python := checkintest.RequireTool(t, "/usr/bin/python3")
	if out, err := exec.Command(python, "-c", "import requests").CombinedOutput(); err != nil {
		checkintest.SkipOrFail(t, "python3-requests is not installed: %v %s", err, out)
	}
	g := startGateway(t, `{"laptop": {"token": "laptop-token", "timeout": "1d"}, "nightly-backup": {"token": "laptop-token", "timeout": "1d"}}`, nil)
	clients := filepath.Join(repoRoot(t), "deploy", "clients")
	long := strings.Repeat("é log line\n", 5<<20/12) + "the end"

	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "install.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```python\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/install.md has no python example")
	}
	snippet := strings.ReplaceAll(string(m[1]), "/usr/share/checkin-gateway/clients", clients)
	prelude := "import os, sys\nurl, token = os.environ['CHECKIN_URL'], 'laptop-token'\nlog_text = sys.stdin.read()\n"

	tests := []struct {
		name, service string
		args          []string
	}{
		{"command, info from standard input", "laptop", []string{filepath.Join(clients, "checkin.py"), "laptop", "OK", "-"}},
		{"library, as docs/install.md imports it", "nightly-backup", []string{"-c", prelude + snippet}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(python, tt.args...)
			cmd.Dir = t.TempDir() // checkin.py is found through sys.path, not the working folder
			cmd.Env = []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token", "PYTHONIOENCODING=utf-8", "PYTHONDONTWRITEBYTECODE=1"}
			cmd.Stdin = strings.NewReader(long)
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Fatalf("checkin.py: %v\n%s", err, out)
			}
			status, info := lastCheckin(t, g, tt.service)
			if status != "OK" || len(info) > 4000 || len(info) < 3900 || !strings.HasSuffix(info, "é log line\nthe end") {
				t.Errorf("stored %s, %d bytes ending %q; want OK and the last 4000 bytes at most", status, len(info), info[max(0, len(info)-30):])
			}
		})
	}
}
