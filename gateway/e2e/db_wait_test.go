package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// --db-wait at start: an unreachable database is tried for the whole of --db-wait, not only
// until the next pause would pass it; a missing database or a wrong password ends the start at
// once, and the message says it was not tried again rather than "tried for 30s".
func TestDatabaseWaitAtStart(t *testing.T) {
	cfg := servicesFile(t)
	tests := []struct {
		name     string
		dsn      func(t *testing.T) string
		wait     string
		minTook  time.Duration // the gateway must have kept trying this long
		maxTook  time.Duration
		want     []string
		dontWant []string
	}{
		{
			name: "unreachable is tried for all of --db-wait",
			dsn: func(t *testing.T) string {
				return fmt.Sprintf("postgres://gw@127.0.0.1:%d/checkins", checkintest.FreePort(t))
			},
			wait:    "3s",
			minTook: 3 * time.Second,
			maxTook: 15 * time.Second,
			want:    []string{"connection refused", "tried for 3s; see --db-wait"},
		},
		{
			name:     "missing database is not tried again",
			dsn:      func(t *testing.T) string { return pgtest.NewCluster(t).URL("nosuch") },
			wait:     "30s",
			maxTook:  10 * time.Second,
			want:     []string{`database "nosuch" does not exist`, "not tried again"},
			dontWant: []string{"tried for", pgtest.Password},
		},
		{
			name: "wrong password is not tried again",
			dsn: func(t *testing.T) string {
				c := pgtest.NewCluster(t)
				return fmt.Sprintf("postgres://%s:bad-pw-4711@127.0.0.1:%d/postgres?sslmode=disable", pgtest.Superuser, c.Port)
			},
			wait:     "30s",
			maxTook:  10 * time.Second,
			want:     []string{"password authentication failed", "not tried again"},
			dontWant: []string{"tried for", "bad-pw-4711"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := tt.dsn(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, gatewaytest.Binary(t), "--listen", checkintest.FreeAddr(t),
				"--config", cfg, "--db", dsn, "--db-wait", tt.wait)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			took := time.Since(start)
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Fatalf("exit code = %d (%v); want 1\n%s", code, err, out)
			}
			if took < tt.minTook || took > tt.maxTook {
				t.Errorf("gave up after %v; want between %v and %v\n%s", took, tt.minTook, tt.maxTook, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, bad := range tt.dontWant {
				if strings.Contains(string(out), bad) {
					t.Errorf("output holds %q:\n%s", bad, out)
				}
			}
		})
	}
}
