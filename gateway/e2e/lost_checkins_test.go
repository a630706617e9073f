package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A database that lost acknowledged check-ins is refused at start, never a silent fresh start:
// emptied after a clean stop, or its write-ahead log damaged after kill -9. The error says what
// is wrong and what to do; --accept-data-loss starts on it. SQLite only: it damages the files.
func TestStartRefusesLostCheckins(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	tests := []struct {
		name   string
		stop   syscall.Signal
		damage func(t *testing.T, db string)
		want   string
	}{
		{"emptied after a clean stop", syscall.SIGTERM, func(t *testing.T, db string) {
			if err := os.Truncate(db, 0); err != nil {
				t.Fatal(err)
			}
		}, "the file is empty (0 bytes), but check-ins up to id 300 were stored in it"},
		{"write-ahead log damaged after kill -9", syscall.SIGKILL, func(t *testing.T, db string) {
			fi, err := os.Stat(db + "-wal")
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(db+"-wal", os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte("a damaged frame header"), fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "acknowledged check-ins are missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db, config := filepath.Join(dir, "checkins.db"), filepath.Join(dir, "services.json")
			if err := os.WriteFile(config, []byte(damageServices), 0o600); err != nil {
				t.Fatal(err)
			}
			g := gatewaytest.Start(t, gatewaytest.Options{Config: config, DB: db, Args: []string{"--rate", "off"}})
			for range 300 {
				if code := postCheckin(t, g.URL); code != 204 {
					t.Fatalf("check-in = %d; want 204", code)
				}
			}
			g.Stop(t, tt.stop)
			tt.damage(t, db)

			cmd := exec.Command(gatewaytest.Binary(t), "--listen", checkintest.FreeAddr(t), "--config", config, "--db", db)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), tt.want) || !strings.Contains(string(out), "--accept-data-loss") ||
				!strings.Contains(string(out), "restore the database from a backup") {
				t.Fatalf("start on the damaged database = %v; want exit 1 saying %q, restore and --accept-data-loss:\n%s", err, tt.want, out)
			}
			g = gatewaytest.Start(t, gatewaytest.Options{Config: config, DB: db, Args: []string{"--accept-data-loss", "--rate", "off"}})
			if !strings.Contains(g.Stderr.String(), "level=WARN") || !strings.Contains(g.Stderr.String(), tt.want) {
				t.Errorf("start with --accept-data-loss logged no warning saying %q:\n%s", tt.want, g.Stderr)
			}
			g.StopWant(t, syscall.SIGTERM, 0)
		})
	}
}
