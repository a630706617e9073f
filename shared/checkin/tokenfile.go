package checkin

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// The ways a token file can be wrong, for callers that word their own message.
var (
	ErrTokenFileEmpty = errors.New("is empty")
	ErrTokenFileLines = errors.New("holds more than one line; put only the token in it")
)

// ReadTokenFile reads a file that holds one token on one line, as the gateway's and the
// plugin's --read-token-file do; surrounding white space is ignored. An empty path means no
// token. Errors name the file but never its contents; a read error is returned as it is.
func ReadTokenFile(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	token := strings.TrimSpace(string(data))
	switch {
	case token == "":
		return "", fmt.Errorf("%s %w", path, ErrTokenFileEmpty)
	case strings.ContainsAny(token, "\r\n"):
		return "", fmt.Errorf("%s %w", path, ErrTokenFileLines)
	}
	return token, nil
}
