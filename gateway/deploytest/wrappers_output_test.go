package deploytest

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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
	runTail    string // and for checkin-run (JSON-escaped, last line end dropped); "" for no output
}

func clientWrappers(t *testing.T, g *gatewaytest.Gateway) map[string]clientWrapper {
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

// TestWrappersInterrupted: Ctrl-C (SIGINT to the whole process group) or a TERM for all of it
// (systemd stopping the unit) ends a wrapper with 130 before it sends the outcome, and leaves
// neither temp files nor processes.
func TestWrappersInterrupted(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	for name, w := range clientWrappers(t, g) {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(name+"/"+sig.String(), func(t *testing.T) {
				before := history(t, g, "backup")
				tmp := t.TempDir()
				cmd := exec.Command(sh, append(append([]string{w.script}, w.args...), "--", "sh", "-c", "echo started; sleep 5")...)
				cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp}, w.env...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				buf := make([]byte, len("started\n"))
				if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "started\n" {
					t.Fatalf("read %q, %v; want the job's first line", buf, err)
				}
				if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, stdout)
				if got := exitCode(cmd.Wait()); got != 130 {
					t.Errorf("exit code = %d; want 130\nstderr: %s", got, stderr.String())
				}
				after := history(t, g, "backup")
				// checkin-ping sent its start ping before the job; nothing is sent after it.
				if sent := len(after) - len(before); sent > 1 || sent == 1 && after[0].Info != "" {
					t.Errorf("history grew by %+v; want at most the start ping", after[:sent])
				}
				assertCleanedUp(t, tmp, cmd.Process.Pid)
			})
		}
	}
}

// TestWrappersOutliveAFailingTail: should the tail that keeps the end of the output fail,
// the job still runs to its end with all its output passed through, and its exit status is
// sent (without output).
func TestWrappersOutliveAFailingTail(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	bin := t.TempDir()
	writeFile(t, bin, "tail", "#!/bin/sh\nexit 1\n")
	if err := os.Chmod(filepath.Join(bin, "tail"), 0o755); err != nil {
		t.Fatal(err)
	}
	job := `head -c 1000000 /dev/zero | tr '\0' x; echo; echo done`
	want := strings.Repeat("x", 1_000_000) + "\ndone\n"
	for name, w := range clientWrappers(t, g) {
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, sh, append(append([]string{w.script}, w.args...), "--", "sh", "-c", job)...)
			cmd.Env = append([]string{"PATH=" + bin + ":" + os.Getenv("PATH"), "TMPDIR=" + tmp}, w.env...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if got := exitCode(cmd.Run()); got != 0 {
				t.Fatalf("exit code = %d; want 0\nstderr: %s", got, stderr.String())
			}
			if stdout.String() != want {
				t.Errorf("stdout has %d bytes ending %q; want %d ending %q", stdout.Len(), last(stdout.String(), 40), len(want), last(want, 40))
			}
			wantStatus, wantInfo := w.sent(wrapperOutputCase{})
			status, info := lastCheckin(t, g, "backup")
			if info = elapsed.ReplaceAllString(info, "$1 Ns; "); status != wantStatus || info != wantInfo {
				t.Errorf("stored %s %q; want %s %q", status, info, wantStatus, wantInfo)
			}
			assertCleanedUp(t, tmp, cmd.Process.Pid)
		})
	}
}

// assertCleanedUp fails unless the wrapper left tmp (its TMPDIR) empty and no process of its
// process group pgid runs on. Zombies do not count: a process whose parent was killed along
// with it waits for init to reap it, however the wrapper is written.
func assertCleanedUp(t *testing.T, tmp string, pgid int) {
	t.Helper()
	if left, err := os.ReadDir(tmp); err != nil || len(left) != 0 {
		t.Errorf("TMPDIR holds %v (%v); want it empty", left, err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		live := liveInGroup(t, pgid)
		if len(live) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("processes of the wrapper's group still run: %v", live)
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// liveInGroup lists the processes of process group pgid that are not zombies, as "pid (name)",
// from /proc/PID/stat: "pid (comm) state ppid pgrp ...".
func liveInGroup(t *testing.T, pgid int) []string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		t.Fatalf("cannot list processes in /proc: %v", err)
	}
	var live []string
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // ended meanwhile
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:]) // state, ppid, pgrp, ...
		if len(f) > 2 && f[0] != "Z" && f[2] == strconv.Itoa(pgid) {
			live = append(live, s[:i+1])
		}
	}
	return live
}

// last is the end of s, at most n bytes, for messages.
func last(s string, n int) string {
	return s[max(0, len(s)-n):]
}
