package e2e

import (
	"crypto/tls"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const healthServices = `{"nightly-backup": {"token": "healthcheck-token-0123456789", "timeout": "1d"}}`

// healthcheck runs `checkin-gateway healthcheck` with env as its only CHECKIN_ variables and
// returns its exit code and output.
func healthcheck(t *testing.T, env ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(gatewaytest.Binary(t), "healthcheck")
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	out, err := cmd.CombinedOutput()
	return checkintest.ExitCode(err), string(out)
}

func TestHealthcheckAsksAlive(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Services: healthServices})
	_, port, _ := strings.Cut(g.Addr, ":")
	closed := checkintest.FreeAddr(t)
	tests := []struct {
		name   string
		listen string
		want   int
		output string
	}{
		{"the gateway's own address", g.Addr, 0, "204"},
		{"a wildcard host is asked on loopback", "0.0.0.0:" + port, 0, "204"},
		{"nothing listening", closed, 1, "connection refused"},
		{"not HOST:PORT", port, 2, "use HOST:PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := healthcheck(t, "CHECKIN_LISTEN="+tt.listen)
			if code != tt.want || !strings.Contains(out, tt.output) {
				t.Errorf("healthcheck with CHECKIN_LISTEN=%s = exit %d, %q; want exit %d and %q", tt.listen, code, out, tt.want, tt.output)
			}
		})
	}
}

func TestHealthcheckOverTLSTrustsOnlyTheGatewaysCertificate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gateway")
	other, _ := testpki.NewCA(t).Server(t, "other")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	g := gatewaytest.Start(t, gatewaytest.Options{Services: healthServices, Client: client,
		Args: []string{"--tls-cert", cert, "--tls-key", key}})
	if code, out := healthcheck(t, "CHECKIN_LISTEN="+g.Addr, "CHECKIN_TLS_CERT="+cert); code != 0 {
		t.Errorf("healthcheck with the gateway's certificate = exit %d, %q; want 0", code, out)
	}
	code, out := healthcheck(t, "CHECKIN_LISTEN="+g.Addr, "CHECKIN_TLS_CERT="+other)
	if code != 1 || !strings.Contains(out, "not the one in --tls-cert") {
		t.Errorf("healthcheck with another certificate = exit %d, %q; want 1 naming the certificate", code, out)
	}
	if code, out := healthcheck(t, "CHECKIN_LISTEN="+g.Addr); code != 1 {
		t.Errorf("healthcheck over plain HTTP to a TLS gateway = exit %d, %q; want 1", code, out)
	}
}
