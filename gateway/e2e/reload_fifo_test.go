package e2e

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// A FIFO put at the services.json path no longer blocks the reload goroutine for good: each
// SIGHUP logs that the file is refused (not a regular file), the TLS certificate is reloaded
// every time, and once a real file is back the next SIGHUP loads it.
func TestReloadRefusesFIFO(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	ca := testpki.NewCA(t)
	certFile, keyFile := ca.Server(t, "gateway")
	dir := t.TempDir()
	config := filepath.Join(dir, "services.json")
	if err := os.WriteFile(config, []byte(damageServices), 0o600); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config, Client: client,
		Args: []string{"--tls-cert", certFile, "--tls-key", keyFile}})
	if err := os.Remove(config); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(config, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		g.Signal(t, syscall.SIGHUP)
		waitLogCount(t, g, "not a regular file", i)
		waitLogCount(t, g, "TLS certificate reloaded", i)
	}
	if err := os.Remove(config); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte(`{"backup": {"token": "secret-backup", "timeout": "1d"}, "other": {"token": "secret-other", "timeout": "1h"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	g.Signal(t, syscall.SIGHUP)
	waitLogCount(t, g, "configuration reloaded", 1)
	g.StopWant(t, syscall.SIGTERM, 0)
}
