package deploytest

import (
	"crypto/tls"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// tlsGateway starts a gateway serving HTTPS with a certificate from a new test CA.
func tlsGateway(t *testing.T) (*gatewaytest.Gateway, *testpki.CA) {
	t.Helper()
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gateway")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	return startGateway(t, testServices, client, "--tls-cert", cert, "--tls-key", key), ca
}

// The client recipes reach a gateway with its own certificate through CHECKIN_CA_FILE, and
// refuse it without.
func TestClientsOverTLS(t *testing.T) {
	curl := checkintest.RequireTool(t, "curl")
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
			"-d", `{"service": "laptop", "token": "laptop-token", "status": "WARNING", "info": "curl"}`, g.URL + "/"},
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
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "CHECKIN_CONF=", "CHECKIN_URL=" + g.URL}, tt.env...)
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

// check_checkin reaches a gateway with its own certificate with --ca-file or --insecure, and
// says UNKNOWN with the reason when it cannot trust the certificate.
func TestPluginOverTLS(t *testing.T) {
	g, ca := tlsGateway(t)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	resp, err := client.Post(g.URL+"/api/v1/checkins", "application/json",
		strings.NewReader(`{"service": "laptop", "token": "laptop-token", "status": "WARNING", "info": "reboot pending"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("check-in = %d; want 204", resp.StatusCode)
	}
	_, port, _ := strings.Cut(strings.TrimPrefix(g.URL, "https://"), ":")
	plugin := pluginBinary(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"--url and --ca-file", []string{"--url", g.URL, "--ca-file", ca.CertFile}, 1, "CHECKIN WARNING - laptop: reboot pending"},
		{"--protocol https and --ca-file", []string{"--protocol", "https", "--host", "127.0.0.1", "--port", port, "--ca-file", ca.CertFile}, 1, "CHECKIN WARNING - laptop: reboot pending"},
		{"--insecure", []string{"--url", g.URL, "--insecure"}, 1, "CHECKIN WARNING - laptop: reboot pending"},
		{"no CA", []string{"--url", g.URL}, 3, "CHECKIN UNKNOWN - "},
		{"another CA", []string{"--url", g.URL, "--ca-file", testpki.NewCA(t).CertFile}, 3, "CHECKIN UNKNOWN - "},
		{"plain http to the TLS port", []string{"--port", port}, 3, "CHECKIN UNKNOWN - "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(plugin, append([]string{"--service", "laptop"}, tt.args...)...)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
			out, err := cmd.Output()
			if got := exitCode(err); got != tt.wantCode {
				t.Errorf("exit code = %d; want %d\n%s", got, tt.wantCode, out)
			}
			if !strings.HasPrefix(string(out), tt.wantOut) {
				t.Errorf("output = %q; want it to start with %q", out, tt.wantOut)
			}
			if lower := strings.ToLower(string(out)); tt.wantCode == 3 &&
				!strings.Contains(lower, "certificate") && !strings.Contains(lower, "https") {
				t.Errorf("the UNKNOWN line does not say it is about TLS: %q", out)
			}
		})
	}
}
