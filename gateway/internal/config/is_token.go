package config

import "crypto/sha256"

// IsToken reports whether s is the token of any service: for deciding whether a value a client
// sent where no token belongs may be logged. It hashes s once and compares with every service,
// so it is for log lines, not for every request.
func (c *Config) IsToken(s string) bool {
	h := sha256.Sum256([]byte(s))
	for _, svc := range c.list {
		if svc.tokenHash == h {
			return true
		}
	}
	return false
}
