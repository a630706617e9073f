package main

import (
	"crypto/rand"
	"fmt"
)

// newUUIDCmd prints a random UUID for a service's ping_uuid.
type newUUIDCmd struct{}

// Run prints one version 4 UUID (RFC 9562), in lower case.
func (n *newUUIDCmd) Run(g *globals) error {
	_, err := fmt.Fprintln(g.stdout, newUUID())
	return err
}

// newUUID returns a random version 4 UUID: 122 random bits from the system's generator.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // never fails (crypto/rand panics if the system cannot give randomness)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // the RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
