package deploytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// fileSizeLimit is the ulimit -f the wrappers run under in these tests. dash counts it in
// 512-byte blocks (bash and busybox in 1024): 1 or 2 MiB, far below the biggest job's output
// and far above the 64 KiB the wrappers keep of it.
const fileSizeLimit = "2048"

// clientWrapper is one of deploy/clients' wrappers, set up to report to the backup service of
// a gateway running pingServices.
type clientWrapper struct {
	script string
	args   []string // before "--" and the job
	env    []string
	sent   func(c wrapperOutputCase) (status, info string)
}

// wrapperOutputCase is one job run by each wrapper.
type wrapperOutputCase struct {
	name       string
	lines      string // -n
	job        string // sh -c
	wantCode   int
	wantStdout string // all of the job's output
	tail       string // the tail the wrapper sends as the gateway stores it, for checkin-ping
	runTail    string // and for checkin-run, whose info drops the last line end; "" for no output
}

// clientWrappers are checkin-ping and checkin-run, by name, reporting to g.
func clientWrappers(t *testing.T, g *gatewaytest.Gateway) map[string]clientWrapper {
	t.Helper()
	clients := filepath.Join(repoRoot(t), "deploy", "clients")
	return map[string]clientWrapper{
		"checkin-ping": {
			script: filepath.Join(clients, "checkin-ping"),
			env:    []string{"CHECKIN_PING_URL=" + g.URL + "/ping/" + backupPingUUID},
			sent: func(c wrapperOutputCase) (string, string) {
				info := "exit status " + strconv.Itoa(c.wantCode)
				if c.tail != "" {
					info += ": " + c.tail
				}
				return statusOf(c.wantCode), info
			},
		},
		"checkin-run": {
			script: filepath.Join(clients, "checkin-run"),
			args:   []string{"-d", "job", "backup"},
			env:    []string{"CHECKIN_CONF=", "CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=t1"},
			sent: func(c wrapperOutputCase) (string, string) {
				info := "job succeeded in Ns; "
				if c.wantCode != 0 {
					info = "job failed with exit code " + strconv.Itoa(c.wantCode) + " after Ns; "
				}
				if c.runTail == "" {
					return statusOf(c.wantCode), info + "no output"
				}
				return statusOf(c.wantCode), info + "last output:\n" + c.runTail
			},
		},
	}
}

func statusOf(code int) string {
	if code == 0 {
		return "OK"
	}
	return "CRITICAL"
}

// TestWrappersKeepOnlyTheTail runs checkin-ping and checkin-run under a file-size limit far
// below their jobs' output: the job's whole output still passes through, the tail sent is
// that of all of it, the exit status stands, and neither temp files nor processes are left.
func TestWrappersKeepOnlyTheTail(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)

	rsyncLine := "sending incremental file list: srv/www/example.org/index.html\n"
	giant := strings.Repeat("x", 5_000_000) + "the end"
	tests := []wrapperOutputCase{{
		name:       "20 MB of lines",
		job:        `yes 'sending incremental file list: srv/www/example.org/index.html' | head -n 320000; echo 'total size is 42'`,
		wantStdout: strings.Repeat(rsyncLine, 320_000) + "total size is 42\n",
		tail:       strings.Repeat(rsyncLine, 9) + "total size is 42\n",
		runTail:    strings.Repeat(rsyncLine, 9) + "total size is 42",
	}, {
		name:       "a 5 MB line without a newline: its last bytes",
		job:        `head -c 5000000 /dev/zero | tr '\0' x; printf 'the end'`,
		wantStdout: giant,
		tail:       giant[len(giant)-10000:],
		runTail:    giant[len(giant)-4000:],
	}, {
		name:       "no newline at the end",
		lines:      "2",
		job:        `printf 'one\ntwo\nthree'`,
		wantStdout: "one\ntwo\nthree",
		tail:       "two\nthree",
		runTail:    "two\nthree",
	}, {
		name: "no output",
		job:  `true`,
	}, {
		name:       "a failing job",
		job:        `echo copying; echo 'disk full' >&2; exit 3`,
		wantCode:   3,
		wantStdout: "copying\ndisk full\n",
		tail:       "copying\ndisk full\n",
		runTail:    "copying\ndisk full",
	}, {
		name:       "a job closing its output early",
		job:        `echo early; exec >&- 2>&-; sleep 0.3; exit 4`,
		wantCode:   4,
		wantStdout: "early\n",
		tail:       "early\n",
		runTail:    "early",
	}, {
		// SIGPIPE, of which shells print no message.
		name:       "a job killed by a signal",
		job:        `echo bye; kill -PIPE $$`,
		wantCode:   128 + int(syscall.SIGPIPE),
		wantStdout: "bye\n",
		tail:       "bye\n",
		runTail:    "bye",
	}}
	for name, w := range clientWrappers(t, g) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				tmp := t.TempDir()
				args := []string{"-c", `ulimit -f ` + fileSizeLimit + ` && exec "$@"`, "sh", sh, w.script}
				if tt.lines != "" {
					args = append(args, "-n", tt.lines)
				}
				args = append(append(args, w.args...), "--", "sh", "-c", tt.job)
				cmd := exec.Command(sh, args...)
				cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp}, w.env...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				var stdout, stderr strings.Builder
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				if got := exitCode(err); got != tt.wantCode {
					t.Fatalf("exit code = %d; want %d\nstderr: %s", got, tt.wantCode, stderr.String())
				}
				if stdout.String() != tt.wantStdout {
					t.Errorf("stdout has %d bytes ending %q; want %d ending %q", stdout.Len(), last(stdout.String(), 40), len(tt.wantStdout), last(tt.wantStdout, 40))
				}
				if stderr.Len() != 0 {
					t.Errorf("stderr = %q; want nothing", stderr.String())
				}
				wantStatus, wantInfo := w.sent(tt)
				status, info := lastCheckin(t, g, "backup")
				info = elapsed.ReplaceAllString(info, "$1 Ns; ")
				if status != wantStatus || info != wantInfo {
					t.Errorf("stored %s, %d bytes ending %q; want %s, %d bytes ending %q", status, len(info), last(info, 60), wantStatus, len(wantInfo), last(wantInfo, 60))
				}
				assertCleanedUp(t, tmp, cmd.Process.Pid)
			})
		}
	}
}

// last is the end of s, at most n bytes, for messages.
func last(s string, n int) string {
	return s[max(0, len(s)-n):]
}
