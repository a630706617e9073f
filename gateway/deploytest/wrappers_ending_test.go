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

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestWrappersInterrupted: Ctrl-C (SIGINT to the whole process group) or a TERM for all of it
// (systemd stopping the unit) ends a wrapper with 130 before it sends the outcome, and leaves
// neither temp files nor processes. The job is cat echoing a line the test writes: once that
// line comes back, cat is running and takes the signal itself. (A job such as
// sh -c 'echo started; sleep 5' could catch the signal between its echo and starting sleep, and
// dash then waits for sleep: a race in the job, not in the wrapper.)
func TestWrappersInterrupted(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	for name, w := range clientWrappers(t, g) {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(name+"/"+sig.String(), func(t *testing.T) {
				before := history(t, g, "backup")
				tmp := t.TempDir()
				cmd := exec.Command(sh, append(append([]string{w.script}, w.args...), "--", "cat")...)
				cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp}, w.env...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				stdin, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				defer stdin.Close()
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				if _, err := io.WriteString(stdin, "started\n"); err != nil {
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

// TestWrappersOutliveFailingTools: should the tail that keeps the end of the output fail, or
// no FIFO be made for it, the job still runs to its end with all its output passed through
// (and none of it kept in a file: the file-size limit holds), and its exit status is sent
// without output.
func TestWrappersOutliveFailingTools(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	sh := checkintest.RequireTool(t, "sh")
	g := startPingGateway(t)
	job := `head -c 3000000 /dev/zero | tr '\0' x; echo; echo done`
	want := strings.Repeat("x", 3_000_000) + "\ndone\n"
	tests := []struct {
		tool       string // replaced by a program that fails
		wantStderr string // after the wrapper's name; "" for nothing at all
	}{
		{"tail", ""},
		{"mkfifo", ": cannot make a FIFO in "},
	}
	for name, w := range clientWrappers(t, g) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.tool, func(t *testing.T) {
				bin, tmp := t.TempDir(), t.TempDir()
				writeFile(t, bin, tt.tool, "#!/bin/sh\nexit 1\n")
				if err := os.Chmod(filepath.Join(bin, tt.tool), 0o755); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				args := append([]string{"-c", `ulimit -f ` + fileSizeLimit + ` && exec "$@"`, "sh", sh, w.script}, w.args...)
				cmd := exec.CommandContext(ctx, sh, append(args, "--", "sh", "-c", job)...)
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
				wantStderr := ""
				if tt.wantStderr != "" {
					wantStderr = name + tt.wantStderr
				}
				if got := stderr.String(); (got == "") != (wantStderr == "") || !strings.HasPrefix(got, wantStderr) {
					t.Errorf("stderr = %q; want %q", got, wantStderr)
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
