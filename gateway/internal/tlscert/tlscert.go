// Package tlscert holds the gateway's TLS certificate and swaps in a new one on reload, so a
// renewed certificate takes effect on SIGHUP without dropping connections.
package tlscert

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"sync/atomic"
	"time"
)

// Certificate is a certificate and key read from two PEM files. Handshakes read it through
// GetCertificate while Reload replaces it.
type Certificate struct {
	certFile, keyFile string
	current           atomic.Pointer[tls.Certificate]
}

// Load reads the certificate chain and its private key.
func Load(certFile, keyFile string) (*Certificate, error) {
	c := &Certificate{certFile: certFile, keyFile: keyFile}
	if err := c.Reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// Reload reads the files again. When they are unreadable or do not match, it returns the error
// and keeps serving the certificate it had.
func (c *Certificate) Reload() error {
	cert, err := loadKeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("load TLS certificate %s and key %s: %w", c.certFile, c.keyFile, err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		return fmt.Errorf("parse TLS certificate %s: %w", c.certFile, err)
	}
	cert.Leaf = leaf
	c.current.Store(&cert)
	return nil
}

// NotAfter is when the certificate in use expires.
func (c *Certificate) NotAfter() time.Time { return c.current.Load().Leaf.NotAfter }

// GetCertificate is for tls.Config.GetCertificate.
func (c *Certificate) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return c.current.Load(), nil
}

// Config is a server TLS configuration (TLS 1.2 or newer) that serves this certificate.
func (c *Certificate) Config() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: c.GetCertificate}
}
