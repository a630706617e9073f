package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// reported is a gateway state answer for a service that reported age seconds ago.
func reported(name string, shown, last checkin.Status, info string, age, timeout, grace int64) string {
	at := time.Date(2026, 11, 25, 14, 4, 59, 190_000_000, time.UTC)
	st := checkin.State{
		Service: name, Status: shown, Timestamp: at.Unix(), Info: info,
		ReportedStatus: &last, ReportedAt: &at, AgeSeconds: &age,
		TimeoutSeconds: timeout, GraceSeconds: grace, Overdue: timeout > 0 && age > timeout,
	}
	b, err := json.Marshal(st)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// withDuration makes a state answer a monthly scheduled service's, with last_duration_seconds.
func withDuration(body string, secs float64) string {
	var st checkin.State
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		panic(err)
	}
	st.Schedule, st.TZ = "0 2 1 * *", "Europe/Berlin"
	st.LastDurationSeconds = &secs
	b, err := json.Marshal(st)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// firstRunStuck is a service whose first run started and has not finished in time.
const firstRunStuck = `{"service":"monthly-backup","status":"WARNING","timestamp":0,` +
	`"info":"run started at 2026-12-01 02:00 CET has not finished after 3h (max_runtime 2h, grace 12h); never reported in",` +
	`"reported_status":null,"reported_at":null,"age_seconds":null,"timeout_seconds":3600,"grace_seconds":43200,"overdue":true,` +
	`"schedule":"0 2 1 * *","tz":"Europe/Berlin","running_since":"2026-12-01T01:00:00Z"}`

const neverReported = `{"service":"laptop-update","status":"UNKNOWN","timestamp":0,"info":"never reported in",` +
	`"reported_status":null,"reported_at":null,"age_seconds":null,"timeout_seconds":172800,"grace_seconds":43200,"overdue":false}`

// runCase is one plugin run against real loopback servers: setup starts what it needs and
// returns the arguments and environment.
type runCase struct {
	name  string
	setup func(t *testing.T) (args []string, env map[string]string)
	exit  int
}

// against serves handler and passes its address as --port (and --host 127.0.0.1).
func against(handler http.Handler, args ...string) func(t *testing.T) ([]string, map[string]string) {
	return func(t *testing.T) ([]string, map[string]string) {
		_, port, _ := strings.Cut(serve(t, handler, nil), ":")
		return append([]string{"--host", "127.0.0.1", "--port", port}, args...), nil
	}
}

func state(name, body string) http.Handler {
	return stateAt("/api/v1/services/"+name, body)
}

func stateCases() []runCase {
	backup := func(shown, last checkin.Status, info string, age int64) string {
		return reported("nightly-backup", shown, last, info, age, 93600, 43200)
	}
	return []runCase{
		{"ok", against(state("nightly-backup", backup(checkin.OK, checkin.OK, "42 GB in 13 min", 300)), "--service", "nightly-backup"), 0},
		{"warning", against(state("nightly-backup", backup(checkin.Warning, checkin.Warning, "disk 91% full", 3700)), "--service", "nightly-backup"), 1},
		{"critical", against(state("nightly-backup", backup(checkin.Critical, checkin.Critical, "rsync failed: exit 23", 59)), "--service", "nightly-backup"), 2},
		{"unknown-reported", against(state("nightly-backup", backup(checkin.Unknown, checkin.Unknown, "cannot tell: tape missing", 0)), "--service", "nightly-backup"), 3},
		{"never-reported", against(state("laptop-update", neverReported), "--service", "laptop-update"), 3},
		{"overdue-warning", against(state("nightly-backup", backup(checkin.Warning, checkin.OK, "overdue by 3h (timeout 1d 2h, grace 12h); last report OK: 42 GB", 104400)), "--service", "nightly-backup"), 1},
		{"overdue-critical", against(state("nightly-backup", backup(checkin.Critical, checkin.OK, "overdue by 2d (timeout 1d 2h, grace 12h); last report OK: 42 GB", 266400)), "--service", "nightly-backup"), 2},
		{"missed-run", against(state("monthly-backup", withDuration(reported("monthly-backup", checkin.Warning, checkin.OK,
			"missed the run due at 2026-12-01 02:00 CET: overdue by 3h (timeout 1h, grace 12h); last report OK: 42 GB", 2602800, 3600, 43200), 754.25)),
			"--service", "monthly-backup"), 1},
		{"first-run-stuck", against(state("monthly-backup", firstRunStuck), "--service", "monthly-backup"), 1},
		{"no-timeout", against(state("archive", reported("archive", checkin.OK, checkin.OK, "", 8000000, 0, 0)), "--service", "archive"), 0},
		{"hostile-info", against(state("nightly%20backup", reported("nightly backup", checkin.Warning, checkin.Warning,
			"first line\r\n  second | fake=1;2;3\ttabbed\x07bell\n\n|last", 61, 3600, 600)), "--service", "nightly backup"), 1},
		{"output-with-line-break", against(state("nightly-backup", backup(checkin.Critical, checkin.Critical,
			"exit status 24: copying\nrsync error: vanished\n", 5)), "--service", "nightly-backup"), 2},
		{"dot-name", against(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/report" || r.URL.Query().Get("service") != ".." {
				answer(404, "application/json", `{"error":"no such endpoint: `+r.URL.Path+`"}`)(w, r)
				return
			}
			answer(200, "application/json", reported("..", checkin.OK, checkin.OK, "dots", 1, 60, 60))(w, r)
		}), "--service", ".."), 0},
		{"url-prefix", func(t *testing.T) ([]string, map[string]string) {
			addr := serve(t, stateAt("/gw/api/v1/services/nightly-backup", backup(checkin.OK, checkin.OK, "42 GB", 10)), nil)
			return []string{"--service", "nightly-backup", "--url", "http://" + addr + "/gw/"}, nil
		}, 0},
		{"env", func(t *testing.T) ([]string, map[string]string) {
			addr := serve(t, state("nightly-backup", backup(checkin.OK, checkin.OK, "from env", 10)), nil)
			return nil, map[string]string{"CHECKIN_SERVICE": "nightly-backup", "CHECKIN_URL": "http://" + addr, "CHECKIN_TIMEOUT": "5"}
		}, 0},
	}
}

func failureCases() []runCase {
	json := "application/json"
	return []runCase{
		{"not-configured", against(answer(404, json, `{"error":"service \"nope\" is not configured"}`), "--service", "nope"), 3},
		{"wrong-endpoint", func(t *testing.T) ([]string, map[string]string) {
			addr := serve(t, state("x", "{}"), nil)
			return []string{"--service", "x", "--url", "http://" + addr + "/wrong-prefix"}, nil
		}, 3},
		{"http-500", against(answer(500, json, `{"error":"internal error"}`), "--service", "x"), 3},
		{"http-502-html", against(answer(502, "text/html", "<html><body>\n<h1>Bad Gateway</h1>\n</body></html>"), "--service", "x"), 3},
		{"garbage", against(answer(200, "text/plain", "hello | world\n"), "--service", "x"), 3},
		{"missing-status", against(answer(200, json, `{"service":"x","timestamp":5}`), "--service", "x"), 3},
		{"bad-status", against(answer(200, json, `{"service":"x","status":"FINE","timestamp":5}`), "--service", "x"), 3},
		{"other-service", against(answer(200, json, reported("y", checkin.OK, checkin.OK, "", 1, 60, 60)), "--service", "x"), 3},
		{"refused", func(t *testing.T) ([]string, map[string]string) {
			_, port, _ := strings.Cut(closedAddr(t), ":")
			return []string{"--service", "x", "--port", port}, nil
		}, 3},
		{"dns", func(*testing.T) ([]string, map[string]string) {
			return []string{"--service", "x", "--host", "gateway.invalid"}, nil
		}, 3},
		{"timeout", against(http.HandlerFunc(sleeper), "--service", "x", "--timeout", "300ms"), 3},
		{"tls-unknown-ca", func(t *testing.T) ([]string, map[string]string) {
			cert, _ := selfSigned(t)
			return []string{"--service", "x", "--url", "https://" + serve(t, state("x", "{}"), &cert)}, nil
		}, 3},
		{"tls-ca-file", func(t *testing.T) ([]string, map[string]string) {
			cert, caFile := selfSigned(t)
			addr := serve(t, state("x", reported("x", checkin.OK, checkin.OK, "over TLS", 5, 60, 60)), &cert)
			_, port, _ := strings.Cut(addr, ":")
			return []string{"--service", "x", "--protocol", "https", "--port", port, "--ca-file", caFile}, nil
		}, 0},
		{"tls-insecure", func(t *testing.T) ([]string, map[string]string) {
			cert, _ := selfSigned(t)
			addr := serve(t, state("x", reported("x", checkin.OK, checkin.OK, "over TLS", 5, 60, 60)), &cert)
			return []string{"--service", "x", "--url", "https://" + addr, "--insecure"}, nil
		}, 0},
		{"tls-to-plain-server", func(t *testing.T) ([]string, map[string]string) {
			return []string{"--service", "x", "--url", "https://" + serve(t, state("x", "{}"), nil)}, nil
		}, 3},
		{"token-sent", func(t *testing.T) ([]string, map[string]string) {
			addr := serve(t, requireBearer("s3cret", state("x", reported("x", checkin.OK, checkin.OK, "", 5, 60, 60))), nil)
			return []string{"--service", "x", "--url", "http://" + addr, "--read-token-file", writeFile(t, "token", "s3cret\n")}, nil
		}, 0},
		{"token-missing", func(t *testing.T) ([]string, map[string]string) {
			addr := serve(t, requireBearer("s3cret", state("x", "{}")), nil)
			return []string{"--service", "x", "--url", "http://" + addr}, nil
		}, 3},
	}
}

func usageCases() []runCase {
	args := func(a ...string) func(*testing.T) ([]string, map[string]string) {
		return func(*testing.T) ([]string, map[string]string) { return a, nil }
	}
	return []runCase{
		{"usage-no-service", args(), 3},
		{"usage-empty-service", args("--service="), 3},
		{"usage-unknown-flag", args("--service", "x", "--warning", "5"), 3},
		{"usage-bad-protocol", args("--service", "x", "--protocol", "ftp"), 3},
		{"usage-bad-port", args("--service", "x", "--port", "70000"), 3},
		{"usage-bad-timeout", args("--service", "x", "--timeout", "soon"), 3},
		{"usage-bad-url", args("--service", "x", "--url", "gw.example.org:5000"), 3},
		{"usage-bad-env", func(*testing.T) ([]string, map[string]string) {
			return []string{"--service", "x"}, map[string]string{"CHECKIN_PORT": "five"}
		}, 3},
		{"usage-missing-ca-file", args("--service", "x", "--ca-file", "/nonexistent/ca.pem"), 3},
		{"usage-missing-token-file", args("--service", "x", "--read-token-file", "/nonexistent/token"), 3},
		{"usage-empty-token-file", func(t *testing.T) ([]string, map[string]string) {
			return []string{"--service", "x", "--read-token-file", writeFile(t, "token", "\n")}, nil
		}, 3},
	}
}

var addrPattern = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// TestRunGolden runs the plugin for every state, failure and usage error, and compares its exact
// output with testdata/<name>.golden (the loopback port written as PORT).
func TestRunGolden(t *testing.T) {
	cases := append(append(stateCases(), failureCases()...), usageCases()...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args, env := tc.setup(t)
			var out bytes.Buffer
			code := run(args, func(k string) string { return env[k] }, &out)
			got := addrPattern.ReplaceAllString(out.String(), "127.0.0.1:PORT")
			if code != tc.exit {
				t.Errorf("run(%q) = %d; want %d; output %q", args, code, tc.exit, got)
			}
			if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
				t.Errorf("run(%q) printed %q; want exactly one line", args, got)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("run(%q) printed\n%s\nwant (%s)\n%s", args, got, golden, want)
			}
		})
	}
}

// TestRunHelpVersion checks that --help and --version print to stdout and exit 0, not kong's
// own exit codes.
func TestRunHelpVersion(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "--read-token-file"},
		{[]string{"-h"}, "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."},
		{[]string{"--version"}, "check_checkin dev\n"},
		{[]string{"--service", "x", "--version"}, "check_checkin dev\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		code := run(tt.args, func(string) string { return "" }, &out)
		if code != 0 || !strings.Contains(out.String(), tt.want) {
			t.Errorf("run(%q) = %d, printed %q; want 0 and output containing %q", tt.args, code, out.String(), tt.want)
		}
	}
}
