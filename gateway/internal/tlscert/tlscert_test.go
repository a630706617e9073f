package tlscert_test

import (
	"crypto/tls"
	"net"
	"os"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// serve accepts TLS connections on 127.0.0.1 with cfg and completes their handshakes.
func serve(t *testing.T, cfg *tls.Config) net.Listener {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = conn.(*tls.Conn).Handshake()
				conn.Close()
			}()
		}
	}()
	return ln
}

// servedCN connects to ln trusting ca and returns the common name of the certificate it serves.
func servedCN(t *testing.T, ln net.Listener, ca *testpki.CA) string {
	t.Helper()
	conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: ca.Pool})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].Subject.CommonName
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestReload(t *testing.T) {
	ca := testpki.NewCA(t)
	firstCert, firstKey := ca.Server(t, "first")
	secondCert, secondKey := ca.Server(t, "second")
	dir := t.TempDir()
	certFile, keyFile := dir+"/cert.pem", dir+"/key.pem"
	copyFile(t, firstCert, certFile)
	copyFile(t, firstKey, keyFile)

	c, err := tlscert.Load(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, c.Config())

	steps := []struct {
		name       string
		cert, key  string // copied over the served files before Reload; "" keeps them
		garbleCert bool
		wantErr    bool
		wantCN     string
	}{
		{name: "initial", wantCN: "first"},
		{name: "renewed certificate", cert: secondCert, key: secondKey, wantCN: "second"},
		{name: "key does not match: keep the old one", cert: firstCert, key: secondKey, wantErr: true, wantCN: "second"},
		{name: "not PEM: keep the old one", garbleCert: true, wantErr: true, wantCN: "second"},
		{name: "fixed", cert: firstCert, key: firstKey, wantCN: "first"},
	}
	for _, s := range steps {
		if s.cert != "" {
			copyFile(t, s.cert, certFile)
			copyFile(t, s.key, keyFile)
		}
		if s.garbleCert {
			if err := os.WriteFile(certFile, []byte("not a certificate"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if s.name != "initial" {
			err := c.Reload()
			if (err != nil) != s.wantErr {
				t.Errorf("%s: Reload() = %v; want error %v", s.name, err, s.wantErr)
			}
		}
		if got := servedCN(t, srv, ca); got != s.wantCN {
			t.Errorf("%s: served certificate %q; want %q", s.name, got, s.wantCN)
		}
	}
}

func TestLoadFails(t *testing.T) {
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gw")
	_, otherKey := ca.Server(t, "other")
	tests := []struct{ name, cert, key string }{
		{"missing cert", t.TempDir() + "/none.pem", key},
		{"missing key", cert, t.TempDir() + "/none.pem"},
		{"mismatched key", cert, otherKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tlscert.Load(tt.cert, tt.key); err == nil {
				t.Errorf("Load(%s, %s) = nil error", tt.cert, tt.key)
			}
		})
	}
}
