package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
)

// maxTokenBytes bounds what hash-token reads; a check-in body is at most 64 KiB anyway.
const maxTokenBytes = 64 << 10

// hashTokenCmd prints the SHA-256 of a token read from standard input, for services.json's
// token_sha256. The token never appears on the command line, so it stays out of the shell
// history and the process list.
type hashTokenCmd struct{}

// Run reads one token (a trailing line break is not part of it) and prints its hash in hex.
func (h *hashTokenCmd) Run(g *globals) error {
	data, err := io.ReadAll(io.LimitReader(g.stdin, maxTokenBytes+1))
	if err != nil {
		return fmt.Errorf("read token from standard input: %w", err)
	}
	if len(data) > maxTokenBytes {
		return fmt.Errorf("token is longer than %d bytes", maxTokenBytes)
	}
	token := bytes.TrimRight(data, "\r\n")
	switch {
	case len(token) == 0:
		return errors.New("no token on standard input; try: printf '%s' \"$TOKEN\" | checkin-gateway hash-token")
	case bytes.ContainsAny(token, "\r\n"):
		return errors.New("the token on standard input spans several lines; give exactly one")
	}
	sum := sha256.Sum256(token)
	_, err = fmt.Fprintln(g.stdout, hex.EncodeToString(sum[:]))
	return err
}
