package deploytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const (
	backupPingUUID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
	mailPingUUID   = "0b8e2a4c-1111-4222-8333-444455556666"
	testPingKey    = "pk_0123456789abcdefghijKL"
)

// pingServices is the services.json of the ping tests: one service by uuid, one by uuid and
// POST only, two by name only (one needs percent-encoding in a URL, the other not).
const pingServices = `{
  "backup":     {"token": "t1", "timeout": "1d", "ping_uuid": "` + backupPingUUID + `"},
  "mail":       {"token": "t2", "timeout": "1d", "ping_uuid": "` + mailPingUUID + `", "ping_methods": "POST"},
  "nightly db": {"token": "t3", "timeout": "1d"},
  "dump@db:1":  {"token": "t4", "timeout": "1d"}
}`

// startPingGateway runs the real binary with pingServices and the ping key given by
// CHECKIN_PING_KEY_FILE, as a systemd unit would set it.
func startPingGateway(t *testing.T) *gatewaytest.Gateway {
	t.Helper()
	keyFile := writeFile(t, t.TempDir(), "ping.key", testPingKey+"\n")
	return gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Services: pingServices,
		Env: []string{"CHECKIN_PING_KEY_FILE=" + keyFile}})
}

// historyEntry is one entry of a service's history as the API lists it.
type historyEntry struct {
	Status, Info string
}

func history(t *testing.T, g *gatewaytest.Gateway, service string) []historyEntry {
	t.Helper()
	resp, err := http.Get(g.URL + "/api/v1/services/" + url.PathEscape(service) + "/history?limit=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h []historyEntry
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// stateOf is a service's state as Icinga's plugin reads it.
func stateOf(t *testing.T, g *gatewaytest.Gateway, service string) historyEntry {
	t.Helper()
	resp, err := http.Get(g.URL + "/api/v1/services/" + url.PathEscape(service))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st historyEntry
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// assertNoPingSecrets checks that the gateway's log shows no ping uuid and no ping key.
func assertNoPingSecrets(t *testing.T, g *gatewaytest.Gateway) {
	t.Helper()
	logs := g.Stderr.String()
	for _, secret := range []string{backupPingUUID, mailPingUUID, testPingKey} {
		if strings.Contains(logs, secret) {
			t.Errorf("the gateway's log shows the secret %s:\n%s", secret, logs)
		}
	}
}

// TestPingCurlOneLiners runs the one-liners Healthchecks documents for cron, unchanged but for
// the base URL.
func TestPingCurlOneLiners(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	byUUID := g.URL + "/ping/" + backupPingUUID
	// A job with a long log, as docs/pings.md shows it: the whole log is over the 64 KiB
	// limit, its end is not.
	longJob := `sh -c 'seq 1 30000; echo "error: disk full"; exit 3'`
	var longLog strings.Builder
	for i := 1; i <= 30000; i++ {
		fmt.Fprintf(&longLog, "%d\n", i)
	}
	longLog.WriteString("error: disk full\n")
	logEnd := longLog.String()[longLog.Len()-65536:]
	tests := []struct {
		name       string
		url        string
		script     string
		service    string
		wantCode   int
		wantStatus string
		wantInfo   string
		wantStderr string
	}{
		{"success", byUUID, `curl -fsS -m 10 --retry 5 -o /dev/null "$URL"`,
			"backup", 0, "OK", "", ""},
		{"failure with output", byUUID, `output=$(printf 'disk full\n/dev/sda1 100%%\n'); curl -fsS -m 10 --retry 5 --data-raw "$output" "$URL/fail"`,
			"backup", 0, "CRITICAL", "disk full\n/dev/sda1 100%", ""},
		{"exit status of the job", byUUID, `sh -c 'exit 23'; curl -fsS -m 10 --retry 5 -o /dev/null "$URL/$?"`,
			"backup", 0, "CRITICAL", "exit status 23", ""},
		{"exit status 0 of the job", byUUID, `true; curl -fsS -m 10 --retry 5 -o /dev/null "$URL/$?"`,
			"backup", 0, "OK", "exit status 0", ""},
		{"rsync's stderr with its exit status", byUUID, `m=$(sh -c 'echo "rsync error: some files vanished (code 24)" >&2; exit 24' 2>&1); curl -fsS -m 10 --retry 5 --data-raw "$m" "$URL/$?"`,
			"backup", 0, "CRITICAL", "exit status 24: rsync error: some files vanished (code 24)", ""},
		{"by ping key and name", g.URL + "/ping/" + testPingKey + "/nightly%20db", `curl -fsS -m 10 --retry 5 -o /dev/null "$URL"`,
			"nightly db", 0, "OK", "", ""},
		{"by ping key and name, fail", g.URL + "/ping/" + testPingKey + "/nightly%20db", `curl -fsS -m 10 --retry 5 -o /dev/null "$URL/fail"`,
			"nightly db", 0, "CRITICAL", "", ""},
		{"POST-only service refuses curl's GET", g.URL + "/ping/" + mailPingUUID, `curl -fsS -m 10 -o /dev/null "$URL"`,
			"mail", 22, "", "", "405"},
		{"POST-only service takes a POST", g.URL + "/ping/" + mailPingUUID, `curl -fsS -m 10 -o /dev/null -X POST "$URL"`,
			"mail", 0, "OK", "", ""},
		{"unknown uuid fails curl -f", g.URL + "/ping/11111111-2222-4333-8444-555555555555", `curl -fsS -m 10 --retry 5 -o /dev/null "$URL"`,
			"backup", 22, "", "", "404"},
		{"a whole log over the limit is refused", byUUID, `log=$(mktemp); ` + longJob + ` >"$log" 2>&1; curl -fsS -m 10 --data-binary @"$log" "$URL/$?"; rc=$?; rm -f "$log"; exit $rc`,
			"backup", 22, "", "", "413"},
		{"the end of a long log with its exit status", byUUID, `log=$(mktemp); ` + longJob + ` >"$log" 2>&1; rc=$?; tail -c 65536 "$log" | curl -fsS -m 10 --retry 5 -o /dev/null --data-binary @- "$URL/$rc"; rm -f "$log"`,
			"backup", 0, "CRITICAL", "exit status 3: " + logEnd, ""},
		{"create=1 is not found", byUUID, `curl -fsS -m 10 -o /dev/null "$URL?create=1"`,
			"backup", 22, "", "", "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(history(t, g, tt.service))
			cmd := exec.Command(sh, "-c", tt.script)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "URL=" + tt.url}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if got := exitCode(cmd.Run()); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\nstderr: %s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.wantStderr)
			}
			h := history(t, g, tt.service)
			if tt.wantStatus == "" {
				if len(h) != before {
					t.Errorf("a check-in was stored: %+v", h[0])
				}
				return
			}
			if len(h) != before+1 || h[0].Status != tt.wantStatus || h[0].Info != tt.wantInfo {
				t.Errorf("history %d → %d entries, newest %+v; want one more, %s %q", before, len(h), h[0], tt.wantStatus, tt.wantInfo)
			}
		})
	}
	assertNoPingSecrets(t, g)
}

// TestPingKeyFileChecked: the gateway refuses to start with a ping key too short or not
// URL-safe, says how to make one, and never shows it.
func TestPingKeyFileChecked(t *testing.T) {
	tests := []struct {
		name, key, want string
	}{
		{"too short", "short-secret-key", "at least 22"},
		{"not URL-safe", "secret/key+with=slashes/and/more", "only letters, digits, - and _"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			keyFile := writeFile(t, dir, "ping.key", tt.key+"\n")
			services := writeFile(t, dir, "services.json", pingServices)
			cmd := exec.Command(gatewaytest.Binary(t), "serve", "--listen", checkintest.FreeAddr(t),
				"--config", services, "--db", filepath.Join(dir, "c.db"), "--ping-key-file", keyFile)
			out, err := cmd.CombinedOutput()
			if code := exitCode(err); code != 1 {
				t.Fatalf("exit code = %d; want 1\n%s", code, out)
			}
			for _, want := range []string{"--ping-key-file", keyFile, tt.want, "openssl rand"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("output %q; want it to contain %q", out, want)
				}
			}
			if strings.Contains(string(out), "secret") {
				t.Errorf("output shows the key: %q", out)
			}
		})
	}
}

// TestPluginSeesPings: check_checkin reports a ping-made check-in like any other.
func TestPluginSeesPings(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	g := startPingGateway(t)
	out, err := exec.Command("curl", "-fsS", "-m", "10", "--data-raw", "rsync error: some files vanished",
		g.URL+"/ping/"+backupPingUUID+"/23").CombinedOutput()
	if err != nil {
		t.Fatalf("curl: %v\n%s", err, out)
	}
	cmd := exec.Command(pluginBinary(t), "--url", g.URL, "--service", "backup")
	out, err = cmd.Output()
	const want = "CHECKIN CRITICAL - backup: exit status 23: rsync error: some files vanished"
	if code := exitCode(err); code != 2 || !strings.HasPrefix(string(out), want) {
		t.Errorf("check_checkin = %d %q; want 2 %q", code, out, want)
	}
}
