package storage

import "crypto/rand"

// SecretBytes is the size of an install's secret.
const SecretBytes = 32

// NewSecret returns a new random install secret (see the engines' InstallSecret).
func NewSecret() []byte {
	b := make([]byte, SecretBytes)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b
}
