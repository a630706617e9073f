package checkintest

import (
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

func TestFreeAddrAndPortCanBeListenedOn(t *testing.T) {
	for _, addr := range []string{FreeAddr(t), fmt.Sprintf("127.0.0.1:%d", FreePort(t))} {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("free address %q; want one on 127.0.0.1", addr)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("listen on free address %s: %v", addr, err)
			continue
		}
		ln.Close()
	}
}

func TestSyncBufferKeepsConcurrentWrites(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprint(&b, "x")
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if got := len(b.String()); got != 800 {
		t.Errorf("len(String()) = %d; want 800", got)
	}
}

func TestRequireToolFindsAnInstalledProgram(t *testing.T) {
	if path := RequireTool(t, "sh"); path == "" {
		t.Errorf(`RequireTool(t, "sh") = ""; want its path`)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		script string
		want   int
	}{
		{"exit 0", 0},
		{"exit 3", 3},
		{"kill -9 $$", -1},
	}
	for _, tt := range tests {
		err := exec.Command("sh", "-c", tt.script).Run()
		if got := ExitCode(err); got != tt.want {
			t.Errorf("ExitCode(sh -c %q) = %d; want %d", tt.script, got, tt.want)
		}
	}
}

// WantExit shows the program's stderr when the code is not the expected one.
func TestWantExitShowsStderr(t *testing.T) {
	rec := &recorder{TB: t}
	WantExit(rec, "gateway", 1, 0, "shutdown: close tcp: use of closed network connection")
	if !rec.failed || !strings.Contains(rec.msg, "use of closed network connection") {
		t.Errorf("WantExit(1, want 0) reported %q (failed %v); want the stderr in the message", rec.msg, rec.failed)
	}
	rec = &recorder{TB: t}
	WantExit(rec, "gateway", 0, 0, "fine")
	if rec.failed {
		t.Errorf("WantExit(0, want 0) failed: %s", rec.msg)
	}
}

// recorder catches Errorf instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = fmt.Sprintf(format, args...)
}
