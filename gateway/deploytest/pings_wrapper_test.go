package deploytest

import (
	"crypto/tls"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestCheckinPingWrapper runs deploy/clients/checkin-ping: a start ping, the command, then its
// exit status with the last lines of its output.
func TestCheckinPingWrapper(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-ping")
	urlFile := writeFile(t, t.TempDir(), "ping.url", g.URL+"/ping/"+testPingKey+"/nightly%20db\r\n")
	tests := []struct {
		name       string
		service    string
		env        []string
		args       []string
		wantCode   int
		wantStatus string // "" when nothing may be stored
		wantInfo   string
		wantStderr string
	}{
		{"success sends start, then 0 with the last lines", "backup",
			[]string{"CHECKIN_PING_URL=" + g.URL + "/ping/" + backupPingUUID},
			[]string{"-n", "2", "--", "printf", `one\ntwo\nthree\n`},
			0, "OK", "exit status 0: two\nthree\n", ""},
		{"failure sends its exit status and output", "backup",
			[]string{"CHECKIN_PING_URL=" + g.URL + "/ping/" + backupPingUUID + "/"},
			[]string{"--", "sh", "-c", `echo copying; echo "rsync error: vanished" >&2; exit 24`},
			24, "CRITICAL", "exit status 24: copying\nrsync error: vanished\n", ""},
		{"URL from a file, by ping key and name, no output", "nightly db",
			[]string{"CHECKIN_PING_URL_FILE=" + urlFile},
			[]string{"--", "true"},
			0, "OK", "exit status 0", ""},
		{"a missing command is exit status 127", "backup",
			[]string{"CHECKIN_PING_URL=" + g.URL + "/ping/" + backupPingUUID},
			[]string{"--", "/nonexistent/command"},
			127, "CRITICAL", "exit status 127: ", ""},
		{"a wrong uuid fails the run and is not printed", "backup",
			[]string{"CHECKIN_PING_URL=" + g.URL + "/ping/11111111-2222-4333-8444-555555555555"},
			[]string{"--", "true"},
			1, "", "", "exit status ping (0) failed"},
		{"no URL: the command runs, nothing is sent", "backup", nil,
			[]string{"--", "sh", "-c", "exit 5"},
			5, "", "", "checkin-ping: pings not sent: set CHECKIN_PING_URL or CHECKIN_PING_URL_FILE\n"},
		{"unreadable URL file: the command runs, nothing is sent", "backup",
			[]string{"CHECKIN_PING_URL_FILE=/nonexistent/ping.url"},
			[]string{"--", "sh", "-c", "exit 3"},
			3, "", "", "checkin-ping: pings not sent: cannot read CHECKIN_PING_URL_FILE /nonexistent/ping.url\n"},
		{"no command is a usage error", "backup", []string{"CHECKIN_PING_URL=" + g.URL + "/ping/x"}, nil, 64, "", "", "usage: checkin-ping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(history(t, g, tt.service))
			cmd := exec.Command(sh, append([]string{script}, tt.args...)...)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, tt.env...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if got := exitCode(cmd.Run()); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\nstderr: %s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if strings.Contains(stderr.String(), "11111111-2222") {
				t.Errorf("stderr shows the ping URL: %q", stderr.String())
			}
			h := history(t, g, tt.service)
			if tt.wantStatus == "" {
				if len(h) != before {
					t.Errorf("check-ins were stored: %+v", h[:len(h)-before])
				}
				return
			}
			// The start ping and the exit status ping.
			if len(h) != before+2 || h[0].Status != tt.wantStatus || !strings.HasPrefix(h[0].Info, tt.wantInfo) || h[1].Info != "" {
				t.Errorf("history %d → %d entries, newest two %+v; want a start, then %s %q", before, len(h), h[:min(2, len(h))], tt.wantStatus, tt.wantInfo)
			}
		})
	}
	assertNoPingSecrets(t, g)
}

// TestCheckinPingHelp: --help and -h print the manual (the script's opening comment) and
// run nothing.
func TestCheckinPingHelp(t *testing.T) {
	sh := checkintest.RequireTool(t, "sh")
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-ping")
	for _, arg := range []string{"--help", "-h"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr strings.Builder
			cmd := exec.Command(sh, script, arg)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if code := exitCode(cmd.Run()); code != 0 || stderr.Len() != 0 {
				t.Fatalf("checkin-ping %s: exit code %d, stderr %q; want 0 and nothing", arg, code, stderr.String())
			}
			for _, want := range []string{"checkin-ping [-n LINES] -- COMMAND", "CHECKIN_PING_URL_FILE", "Exit status"} {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("checkin-ping %s printed %q; want it to contain %q", arg, stdout.String(), want)
				}
			}
		})
	}
}

// TestCheckinPingOverTLS: checkin-ping reaches a gateway with its own certificate through
// CHECKIN_CA_FILE, and refuses it without.
func TestCheckinPingOverTLS(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gateway")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	g := startGateway(t, pingServices, client, "--tls-cert", cert, "--tls-key", key)
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-ping")
	tests := []struct {
		name     string
		env      []string
		wantCode int
		wantInfo string // of the newest check-in of backup afterwards
	}{
		{"without the CA the run fails", nil, 1, ""},
		{"with the CA", []string{"CHECKIN_CA_FILE=" + ca.CertFile}, 0, "exit status 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(sh, script, "--", "true")
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_PING_URL=" + g.URL + "/ping/" + backupPingUUID}, tt.env...)
			out, err := cmd.CombinedOutput()
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\n%s", got, tt.wantCode, out)
			}
			if tt.wantCode != 0 && !strings.Contains(string(out), "certificate") {
				t.Errorf("the failure does not mention the certificate:\n%s", out)
			}
			if _, info := lastCheckinTLS(t, g, ca, "backup"); info != tt.wantInfo {
				t.Errorf("newest info %q; want %q", info, tt.wantInfo)
			}
		})
	}
}

// TestCheckinPingWaitsForARestartingGateway: a gateway that is restarting (connection refused)
// when the job starts still gets the start ping once it is up, as checkin-run's check-in does.
func TestCheckinPingWaitsForARestartingGateway(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	script := filepath.Join(repoRoot(t), "deploy", "clients", "checkin-ping")
	addr := checkintest.FreeAddr(t) // nothing listens there yet
	cmd := exec.Command(sh, script, "--", "sleep", "3")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "CHECKIN_PING_URL=http://" + addr + "/ping/" + backupPingUUID}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the start ping has been refused once
	dir := t.TempDir()
	gw := exec.Command(gatewaytest.Binary(t), "serve", "--listen", addr,
		"--config", writeFile(t, dir, "services.json", pingServices), "--db", filepath.Join(dir, "c.db"))
	if err := gw.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gw.Process.Kill(); _ = gw.Wait() })
	if code := exitCode(cmd.Wait()); code != 0 {
		t.Fatalf("exit code = %d; want 0\nstderr: %s", code, stderr.String())
	}
	if h := history(t, &gatewaytest.Gateway{URL: "http://" + addr}, "backup"); len(h) != 2 || h[0].Info != "exit status 0" {
		t.Errorf("history %+v; want the start, then exit status 0\nstderr: %s", h, stderr.String())
	}
}
