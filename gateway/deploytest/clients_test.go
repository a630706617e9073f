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

func TestCheckinRun(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startGateway(t, testServices, nil)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-run")
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "backup.token", "tok\"en\\with quotes\r\n") // written on Windows
	conf := writeFile(t, dir, "client.conf", "# test\nCHECKIN_URL="+g.URL+"\nCHECKIN_TOKEN=laptop-token\n")

	tests := []struct {
		name       string
		service    string // whose history to read back; default laptop
		env        []string
		args       []string
		wantCode   int
		wantStatus string
		wantInfo   string
		wantStderr string
		wantMaxLen int // when set, the stored info is at most this long
	}{{
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
		name:       "no URL is a usage error",
		env:        []string{"CHECKIN_TOKEN=laptop-token"},
		args:       []string{"laptop", "--", "true"},
		wantCode:   64,
		wantStderr: "set CHECKIN_URL",
	}, {
		name:       "no -- is a usage error",
		env:        []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"},
		args:       []string{"laptop", "true"},
		wantCode:   64,
		wantStderr: "usage: checkin-run",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			service := tt.service
			if service == "" {
				service = "laptop"
			}
			_, before := lastRun(t, g, service)
			cmd := exec.Command(sh, append([]string{script}, tt.args...)...)
			// No conf file unless the case names one (a later variable wins).
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_CONF="}, tt.env...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\nstderr: %s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.wantStderr)
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
