package respond

import (
	"crypto/sha256"
	"fmt"
)

// maxClientRequestID is the longest X-Request-Id logged as it was sent.
const maxClientRequestID = 64

// loggedClientID is a client's X-Request-Id as the log shows it: as sent when it is a short
// plain id (up to 64 letters, digits, '.', '_' and '-') that is none of the gateway's secrets
// (secret, when not nil, tells), else as a hash, "sha256:1a2b3c4d, 40 bytes" (the first 4 bytes
// of its SHA-256 and its length), which is the same for the same id. A client that puts a token
// where its request id belongs, or anything long or odd, never has it logged.
func loggedClientID(id string, secret func(string) bool) string {
	if plainID(id) && (secret == nil || !secret(id)) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return fmt.Sprintf("sha256:%x, %d bytes", sum[:4], len(id))
}

func plainID(s string) bool {
	if len(s) > maxClientRequestID {
		return false
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
