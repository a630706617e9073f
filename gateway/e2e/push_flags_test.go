package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const flagServices = `{"backup": {"token": "backup-token", "timeout": "1d"}}`

// Wrong push settings stop the start with exit code 1 and a message that names the flag, never
// the password; the settings also come from their CHECKIN_ICINGA_* variables.
func TestPushFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	services := filepath.Join(dir, "services.json")
	password := filepath.Join(dir, "password")
	twoLines := filepath.Join(dir, "two-lines")
	for path, text := range map[string]string{services: flagServices, password: "pw-Kd93LmQ2\n", twoLines: "pw-Kd93LmQ2\nmore\n"} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"user without url", []string{"--icinga-user", "gw"}, nil, "need --icinga-url"},
		{"http url from the environment", nil, []string{"CHECKIN_ICINGA_URL=http://127.0.0.1:5665", "CHECKIN_ICINGA_USER=gw",
			"CHECKIN_ICINGA_PASSWORD_FILE=" + password, "CHECKIN_ICINGA_CA_FILE=" + services}, "want https://"},
		{"no password file", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw"}, nil, "password file"},
		{"password file of two lines", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw",
			"--icinga-password-file", twoLines}, nil, "--icinga-password-file"},
		{"no CA", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw", "--icinga-password-file", password},
			nil, "--icinga-ca-file"},
		{"CA file without a certificate", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw",
			"--icinga-password-file", password, "--icinga-ca-file", password}, nil, "no PEM certificate"},
		{"margin too long", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw", "--icinga-password-file", password,
			"--icinga-insecure", "--icinga-ttl-margin", "5m"}, nil, "ttl margin"},
		{"max ttl too short", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw", "--icinga-password-file", password,
			"--icinga-insecure", "--icinga-max-ttl", "1m"}, nil, "--icinga-max-ttl: want 5m0s to 24h0m0s, not 1m0s"},
		{"max ttl too long from the environment", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw",
			"--icinga-password-file", password, "--icinga-insecure"}, []string{"CHECKIN_ICINGA_MAX_TTL=48h"}, "--icinga-max-ttl: want 5m0s to 24h0m0s, not 48h0m0s"},
		{"negative push rate", []string{"--icinga-url", "https://127.0.0.1:5665", "--icinga-user", "gw", "--icinga-password-file", password,
			"--icinga-insecure", "--icinga-push-rate=-1"}, nil, "--icinga-push-rate: must be 0 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--listen", checkintest.FreeAddr(t), "--config", services,
				"--db", filepath.Join(t.TempDir(), "checkins.db")}, tt.args...)
			cmd := exec.Command(gatewaytest.Binary(t), args...)
			cmd.Env = append(os.Environ(), tt.env...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("exit %v; want 1\n%s", err, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if strings.Contains(string(out), "pw-Kd93LmQ2") {
				t.Errorf("output shows the password:\n%s", out)
			}
		})
	}
}

// --icinga-insecure is warned at start; the gateway serves while Icinga is not there.
func TestPushInsecureWarned(t *testing.T) {
	password := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(password, []byte("pw-Kd93LmQ2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Services: flagServices, Args: []string{
		"--icinga-url", "https://" + checkintest.FreeAddr(t), "--icinga-user", "gw", "--icinga-password-file", password, "--icinga-insecure"}})
	g.StopWant(t, syscall.SIGTERM, 0)
	log := g.Stderr.String()
	if !strings.Contains(log, "--icinga-insecure: Icinga's certificate is not checked") || !strings.Contains(log, "icinga push on") {
		t.Errorf("log lacks the insecure warning and the start of push mode:\n%s", log)
	}
	if strings.Contains(log, "pw-Kd93LmQ2") {
		t.Errorf("log shows the password:\n%s", log)
	}
}
