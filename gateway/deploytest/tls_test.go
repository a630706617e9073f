package deploytest

import (
	"crypto/tls"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// tlsGateway starts a gateway serving HTTPS with a certificate from a new test CA.
func tlsGateway(t *testing.T) (*gateway, *testpki.CA) {
	t.Helper()
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gateway")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	return startGateway(t, testServices, client, "--tls-cert", cert, "--tls-key", key), ca
}

// The client recipes reach a gateway with its own certificate through CHECKIN_CA_FILE, and
// refuse it without.
func TestClientsOverTLS(t *testing.T) {
	curl := requireTool(t, "curl")
	g, ca := tlsGateway(t)
	root := repoRoot(t)
	type clientCase struct {
		name       string
		argv       []string
		env        []string
		wantCode   int
		wantStatus string // "" when nothing may be stored
	}
	tests := []clientCase{
		{"checkin-run with the CA", []string{"sh", filepath.Join(root, "deploy/clients/checkin-run"), "laptop", "--", "true"},
			[]string{"CHECKIN_TOKEN=laptop-token", "CHECKIN_CA_FILE=" + ca.CertFile}, 0, "OK"},
		{"checkin-run without the CA", []string{"sh", filepath.Join(root, "deploy/clients/checkin-run"), "laptop", "--", "false"},
			[]string{"CHECKIN_TOKEN=laptop-token"}, 1, ""},
		{"curl with --cacert", []string{curl, "-sS", "--fail", "--cacert", ca.CertFile, "-H", "Content-Type: application/json",
			"-d", `{"service": "laptop", "token": "laptop-token", "status": "WARNING", "info": "curl"}`, g.url + "/"},
			nil, 0, "WARNING"},
	}
	if python, err := exec.LookPath("/usr/bin/python3"); err == nil && exec.Command(python, "-c", "import requests").Run() == nil {
		tests = append(tests, clientCase{"checkin.py with the CA", []string{python, filepath.Join(root, "deploy/clients/checkin.py"), "laptop", "CRITICAL", "py"},
			[]string{"CHECKIN_TOKEN=laptop-token", "CHECKIN_CA_FILE=" + ca.CertFile}, 0, "CRITICAL"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, before := lastCheckinTLS(t, g, ca, "laptop")
			cmd := exec.Command(tt.argv[0], tt.argv[1:]...)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_CONF=", "CHECKIN_URL=" + g.url}, tt.env...)
			out, err := cmd.CombinedOutput()
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code = %d; want %d\n%s", got, tt.wantCode, out)
			}
			status, info := lastCheckinTLS(t, g, ca, "laptop")
			if tt.wantStatus == "" {
				if info != before {
					t.Errorf("stored %s %q without trusting the certificate", status, info)
				}
				if !strings.Contains(string(out), "certificate") {
					t.Errorf("the failure does not mention the certificate:\n%s", out)
				}
				return
			}
			if status != tt.wantStatus {
				t.Errorf("stored %s; want %s\n%s", status, tt.wantStatus, out)
			}
		})
	}
}
