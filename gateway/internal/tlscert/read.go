package tlscert

import (
	"crypto/tls"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// loadKeyPair reads the certificate and key files as config.ReadFile does (regular files only,
// within a second: a FIFO or a hung file system must not stop the reloads) and pairs them.
func loadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := config.ReadFile(certFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, err := config.ReadFile(keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}
