package ping

import (
	"errors"
	"fmt"
	"os"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// MinKeyLen is the shortest ping key accepted: 22 URL-safe characters carry 128 bits when
// random, which makes guessing hopeless.
const MinKeyLen = 22

// makeKey says how to make a good key.
const makeKey = "make one with: openssl rand -base64 16 | tr '+/' '-_' | tr -d = > FILE"

// ReadKeyFile reads the project's ping key from the file at path, as --ping-key-file names it;
// "" (no path) means no key, and no pings by slug. The key must be at least MinKeyLen
// characters, all letters, digits, '-' or '_'. Errors never show the file's contents.
func ReadKeyFile(path string) (string, error) {
	key, err := checkin.ReadTokenFile(path)
	if errors.Is(err, checkin.ErrTokenFileLines) {
		return "", fmt.Errorf("%s holds more than one line; put only the ping key in it", path)
	}
	if err != nil || key == "" {
		return "", err
	}
	if len(key) < MinKeyLen {
		return "", fmt.Errorf("%s: the ping key is %d characters long; it must have at least %d (%s)", path, len(key), MinKeyLen, makeKey)
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", fmt.Errorf("%s: the ping key may hold only letters, digits, - and _, as it is part of URLs (%s)", path, makeKey)
		}
	}
	return key, nil
}

// KeyFileExposed reports whether the file at path lets every user of the host read it: with
// the ping key, anyone can report for every service. The gateway warns and still starts.
func KeyFileExposed(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o004 != 0
}
