package config

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

// Ping is a service's Healthchecks-style ping settings (see docs/pings.md).
type Ping struct {
	// uuidHash is the SHA-256 of the service's ping_uuid in lower case, nil when it has none
	// (most services: a pointer keeps them 24 bytes smaller). Like a token, the uuid is a
	// secret, so only its hash is kept: a Service can still be logged or printed safely.
	uuidHash *[sha256.Size]byte
	// Off is "ping": false: the service cannot be pinged, neither by uuid nor by slug.
	Off bool
	// POSTOnly is "ping_methods": "POST": GET and HEAD pings are refused, so that link
	// previews and mail scanners that open a ping URL do not report a run.
	POSTOnly bool
}

// pingFields are the ping settings' names in services.json, for the list of known fields.
const pingFields = "ping_uuid, ping, ping_methods"

// parsePing checks the ping settings as written; nil is a setting left out.
func parsePing(uuid *string, ping *bool, methods *string) (Ping, error) {
	var p Ping
	if uuid != nil {
		if !IsUUID(*uuid) {
			return Ping{}, errors.New("field ping_uuid: want a UUID like 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b (checkin-gateway new-uuid prints one)")
		}
		h := hashUUID(*uuid)
		p.uuidHash = &h
	}
	if ping != nil {
		p.Off = !*ping
	}
	if methods != nil {
		switch strings.ToUpper(*methods) {
		case "POST":
			p.POSTOnly = true
		case "":
		default:
			return Ping{}, fmt.Errorf("field ping_methods: want \"POST\" (refuse GET and HEAD pings) or \"\" (take all), got %q", *methods)
		}
	}
	return p, nil
}

// IsUUID reports whether s is a UUID written as 32 hexadecimal digits in groups of 8-4-4-4-12,
// in either letter case.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// UUIDHashIs reports whether the ping_uuid in lower case has the SHA-256 hash h, not in
// constant time: for known, public uuids such as the documentation's (config/oversights).
func (p Ping) UUIDHashIs(h [sha256.Size]byte) bool { return p.uuidHash != nil && *p.uuidHash == h }

// HasUUID reports whether the service has a ping_uuid.
func (p Ping) HasUUID() bool { return p.uuidHash != nil }

func hashUUID(uuid string) [sha256.Size]byte { return sha256.Sum256([]byte(strings.ToLower(uuid))) }
