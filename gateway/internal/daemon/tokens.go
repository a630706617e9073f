package daemon

import (
	"fmt"
	"unicode/utf8"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// minTokenChars is the shortest read or metrics token the gateway starts with: 22 characters
// of base64 carry 128 bits, which no one guesses, so a wrong guess never needs to lock out
// the right token.
const minTokenChars = 22

// readTokens reads --read-token-file and --metrics-token-file, and refuses tokens too short
// to be safe from guessing. Errors name the flag and the file, never a token.
func (c Config) readTokens() (read, metrics string, err error) {
	if read, err = readStrongToken("--read-token-file", c.ReadTokenFile); err != nil {
		return "", "", err
	}
	if metrics, err = readStrongToken("--metrics-token-file", c.MetricsTokenFile); err != nil {
		return "", "", err
	}
	return read, metrics, nil
}

func readStrongToken(flag, path string) (string, error) {
	token, err := checkin.ReadTokenFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	if n := utf8.RuneCountInString(token); token != "" && n < minTokenChars {
		return "", fmt.Errorf("%s: the token in %s has %d characters; it needs at least %d (128 bits) so that it cannot be guessed. "+
			"Make one with: head -c 24 /dev/urandom | base64 > %s", flag, path, n, minTokenChars, path)
	}
	return token, nil
}
