package e2e

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// copyFile copies from to to, as an operator renewing a certificate would.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}

// servedCN is the common name of the certificate the gateway at addr serves, verified against ca.
func servedCN(t *testing.T, addr string, ca *testpki.CA) string {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: ca.Pool})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].Subject.CommonName
}

// The gateway serves HTTPS with --tls-cert/--tls-key, swaps in a renewed certificate on SIGHUP,
// and keeps the old one when the new files are bad.
func TestServeTLS(t *testing.T) {
	ca := testpki.NewCA(t)
	firstCert, firstKey := ca.Server(t, "first")
	secondCert, secondKey := ca.Server(t, "second")
	dir := t.TempDir()
	cfg, certFile, keyFile := filepath.Join(dir, "services.json"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeFile(t, cfg, testServices)
	copyFile(t, firstCert, certFile)
	copyFile(t, firstKey, keyFile)

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	p := gatewaytest.Start(t, gatewaytest.Options{Config: cfg, DB: filepath.Join(dir, "checkins.db"),
		Env: []string{"CHECKIN_TLS_CERT=" + certFile, "CHECKIN_TLS_KEY=" + keyFile}, Client: client})
	alive := func() bool {
		resp, err := client.Get(p.URL + "/alive")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusNoContent
	}
	if !strings.Contains(p.Stderr.String(), "tls=true") {
		t.Errorf("start-up log does not say TLS is on:\n%s", p.Stderr)
	}
	resp, err := client.Post(p.URL+"/", "application/json",
		strings.NewReader(`{"service": "backup", "token": "secret-backup", "status": "OK"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("check-in over HTTPS = %d; want 204", resp.StatusCode)
	}
	if code, err := httpGet("http://" + p.Addr + "/alive"); err == nil && code < 400 {
		t.Errorf("plain HTTP to the TLS port = %d; want a refusal", code)
	}
	if got := servedCN(t, p.Addr, ca); got != "first" {
		t.Fatalf("serves %q; want first", got)
	}

	copyFile(t, secondCert, certFile)
	copyFile(t, secondKey, keyFile)
	p.Signal(t, syscall.SIGHUP)
	waitFor(t, func() bool { return strings.Contains(p.Stderr.String(), "TLS certificate reloaded") }, p)
	if got := servedCN(t, p.Addr, ca); got != "second" {
		t.Errorf("after SIGHUP with a renewed certificate, serves %q; want second", got)
	}

	writeFile(t, certFile, "-----BEGIN CERTIFICATE-----\ntruncated")
	p.Signal(t, syscall.SIGHUP)
	waitFor(t, func() bool {
		return strings.Contains(p.Stderr.String(), "TLS reload failed; keeping the old certificate")
	}, p)
	if got := servedCN(t, p.Addr, ca); got != "second" {
		t.Errorf("after SIGHUP with a broken certificate, serves %q; want second (the old one)", got)
	}
	if !alive() {
		t.Errorf("gateway stopped answering after a bad TLS reload:\n%s", p.Stderr)
	}
}
