package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A ping key file that every user of the host may read is a warning at start, naming the file
// and never the key; group-readable (for the checkin-gateway group) is fine.
func TestStartWarnsOfReadablePingKeyFile(t *testing.T) {
	const key = "pk-secret-0123456789abcdef"
	tests := []struct {
		name string
		mode os.FileMode
		warn bool
	}{
		{"owner only", 0o600, false},
		{"group", 0o640, false},
		{"everyone", 0o644, true},
		{"everyone, not the group", 0o604, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			keyFile := filepath.Join(dir, "ping.key")
			writeFile(t, keyFile, key+"\n")
			if err := os.Chmod(keyFile, tt.mode); err != nil {
				t.Fatal(err)
			}
			p := startGateway(t, "../../services.json", filepath.Join(dir, "checkins.db"), "--ping-key-file", keyFile)
			// The warning comes before "gateway started"; stderr reaches the buffer a moment
			// after the gateway answers, so wait for that line.
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(p.Stderr.String(), "gateway started") && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			logs := p.Stderr.String()
			warned := strings.Contains(logs, "level=WARN msg=\"every user of this host can read the ping key file") &&
				strings.Contains(logs, "ping_key_file="+keyFile)
			if warned != tt.warn {
				t.Errorf("mode %o: warned = %v; want %v\n%s", tt.mode, warned, tt.warn, logs)
			}
			if strings.Contains(logs, key) {
				t.Errorf("start-up log shows the ping key:\n%s", logs)
			}
		})
	}
}
