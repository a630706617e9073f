package icingatest

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A program that ignores SIGTERM is killed, with its children, once the grace time is over,
// and the test goes on.
func TestStopKillsWhatIgnoresSIGTERM(t *testing.T) {
	cmd := exec.Command("sh", "-c", `trap "" TERM; sleep 60 & echo started; wait`)
	d := StartProcess(t, "stubborn", cmd)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(d.Log(), "started"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the program did not start: %q", d.Log())
		}
	}
	began := time.Now()
	d.stop(t, 300*time.Millisecond)
	if !d.Exited() {
		t.Fatal("still running after stop")
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("stop took %v; want about the 300ms grace", took)
	}
	d.Stop(t) // a second stop does nothing
}

func TestWarningLine(t *testing.T) {
	tests := []struct {
		out  string
		want bool
	}{
		{"[2026-11-30 15:39:04 +0000] information/cli: Finished validating the configuration file(s).", false},
		{"[2026-11-30 15:39:04 +0000] warning/config: Apply rule 'x' (in a.conf: 1:0-1:20) for type 'Service' does not match anywhere!", true},
		{"[2026-11-30 15:39:04 +0000] critical/config: Error: syntax error", true},
		{"information/ConfigItem: Instantiated 1 Host named warning/x.", false},
	}
	for _, tt := range tests {
		if got := warningLine.MatchString(tt.out); got != tt.want {
			t.Errorf("warningLine.MatchString(%q) = %v; want %v", tt.out, got, tt.want)
		}
	}
}
