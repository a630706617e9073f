package deploytest

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// checkinRun runs deploy/clients/checkin-run with env (and no conf file) and returns its exit
// code and standard error.
func checkinRun(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(checkintest.RequireTool(t, "sh"), append([]string{filepath.Join(repoRoot(t), "deploy", "clients", "checkin-run")}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_CONF="}, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	return exitCode(err), stderr.String()
}

// checkin-run sends a START with a run id, then the finish with the same run id: the gateway
// records the run and its duration.
func TestCheckinRunSendsStart(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	g := startGateway(t, testServices, nil)
	code, stderr := checkinRun(t, []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"}, "laptop", "--", "true")
	if code != 0 || stderr != "" {
		t.Fatalf("checkin-run: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	resp, err := http.Get(g.URL + "/api/v1/services/laptop/history?limit=5")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h []struct {
		Status, Kind string
		RunID        string   `json:"run_id"`
		Duration     *float64 `json:"duration_seconds"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[1].Kind != "start" || h[0].Status != "OK" || h[0].RunID == "" || h[0].RunID != h[1].RunID || h[0].Duration == nil {
		t.Fatalf("history = %+v; want a start, then OK with the same run_id and a duration", h)
	}
}

// A gateway that accepts the connection and never answers does not hold up the job: the job
// runs while the START is still waiting for its answer.
func TestCheckinRunStartDoesNotDelayTheJob(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	marker := filepath.Join(t.TempDir(), "ran")
	verdict := make(chan error, 1)
	go func() {
		// The first connection is the START: hold it, unanswered, until the job has run.
		conn, err := ln.Accept()
		if err != nil {
			verdict <- err
			return
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(marker); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		// Still open from curl's side (reading, past the request, meets a timeout, not the
		// end): the job ran while the START waited.
		_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		buf := make([]byte, 64<<10)
		for err == nil {
			_, err = conn.Read(buf)
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			verdict <- nil
		} else {
			verdict <- errors.New("curl had given up on the START before the job ran: the job waited for it")
		}
		conn.Close()
		// The finish: no answer either.
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	code, stderr := checkinRun(t, []string{"CHECKIN_URL=http://" + ln.Addr().String(), "CHECKIN_TOKEN=laptop-token"},
		"laptop", "--", "sh", "-c", `echo ran >"$0"`, marker)
	if err := <-verdict; err != nil {
		t.Fatal(err)
	}
	if code != 0 || !strings.Contains(stderr, "check-in of laptop as OK not sent") {
		t.Errorf("checkin-run with a silent gateway: exit %d, stderr %q; want 0 and the finish not sent", code, stderr)
	}
}

// After a job that succeeded, a check-in that cannot succeed until someone fixes the set-up
// exits 1, whether the gateway refused it or the token could not be read; a gateway that gives
// no answer leaves the job's 0.
func TestCheckinRunExitCodes(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	g := startGateway(t, testServices, nil)
	nowhere := "http://" + checkintest.FreeAddr(t)
	tests := []struct {
		name string
		env  []string
		want int
	}{
		{"stored", []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=laptop-token"}, 0},
		{"refused", []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN=wrong-secret"}, 1},
		{"token file missing", []string{"CHECKIN_URL=" + g.URL, "CHECKIN_TOKEN_FILE=/nonexistent/token"}, 1},
		{"no URL", []string{"CHECKIN_TOKEN=laptop-token"}, 1},
		{"gateway down", []string{"CHECKIN_URL=" + nowhere, "CHECKIN_TOKEN=laptop-token"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, stderr := checkinRun(t, tt.env, "laptop", "--", "true"); code != tt.want {
				t.Errorf("exit %d; want %d\nstderr: %s", code, tt.want, stderr)
			}
		})
	}
}
