package tlscert

import (
	"crypto/tls"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/readfile"
)

// maxFileBytes bounds what is read of a certificate or key file, as of services.json.
const maxFileBytes = 16 << 20

// loadKeyPair reads the certificate and key files as services.json is read (regular files only,
// within a second: a FIFO or a hung file system must not stop the reloads) and pairs them.
func loadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := readfile.Regular(certFile, maxFileBytes)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, err := readfile.Regular(keyFile, maxFileBytes)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}
