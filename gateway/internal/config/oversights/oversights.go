// Package oversights finds the parts of a valid services.json that are most likely mistakes:
// sample tokens and ping uuids, no service at all.
package oversights

import (
	"crypto/sha256"
	"log/slog"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// sampleTokens are the tokens of the services.json shipped with the gateway and shown in the
// README. A service still using one accepts check-ins from anyone who has read them.
var sampleTokens = []string{"change-me-laptop", "change-me-nightly", "change-me-monthly"}

// sampleHashes are the sample tokens' SHA-256, as services keep their tokens: comparing hashes
// costs nothing per service, so a file of 100,000 services is checked in a few milliseconds.
var sampleHashes = hashAll(sampleTokens)

// sampleUUIDs are ping uuids anyone can read: the one docs/pings.md shows, the one the
// ping_uuid error message gives as an example, and the nil UUID. A service with one of them can
// be pinged by anyone who has read the documentation.
var sampleUUIDs = []string{
	"5a0e8d3c-7b1f-4c29-9e4d-2f6a8b1c3d5e",
	"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b",
	"00000000-0000-0000-0000-000000000000",
}

// sampleUUIDHashes are the sample uuids' hashes, as services keep their ping uuids (of the uuid
// in lower case, as sampleUUIDs are written).
var sampleUUIDHashes = hashAll(sampleUUIDs)

func hashAll(samples []string) [][sha256.Size]byte {
	hashes := make([][sha256.Size]byte, len(samples))
	for i, s := range samples {
		hashes[i] = sha256.Sum256([]byte(s))
	}
	return hashes
}

// Found are the parts of a valid services.json that are most likely mistakes: the file
// loads, but the gateway will not do what its operator meant.
type Found struct {
	// SampleTokens names, in lexical order, the services whose token is still a sample token.
	SampleTokens []string
	// SampleUUIDs names, in lexical order, the services whose ping_uuid is a sample uuid.
	SampleUUIDs []string
	// NoServices is true when the file configures no service, so every check-in is refused.
	NoServices bool
}

// Find looks for the likely mistakes in c.
func Find(c *config.Config) Found {
	var o Found
	o.NoServices = c.Len() == 0
	for _, s := range c.Services() {
		for _, h := range sampleHashes {
			if s.TokenHashIs(h) {
				o.SampleTokens = append(o.SampleTokens, s.Name)
			}
		}
		for _, h := range sampleUUIDHashes {
			if s.Ping.UUIDHashIs(h) {
				o.SampleUUIDs = append(o.SampleUUIDs, s.Name)
			}
		}
	}
	return o
}

// Log writes one warning per oversight; configFile names the file checked. Tokens never
// appear, only service names.
func (o Found) Log(log *slog.Logger, configFile string) {
	if o.NoServices {
		log.Warn("services.json configures no service; every check-in will be refused", "config", configFile)
	}
	for _, name := range o.SampleTokens {
		log.Warn("service still uses a sample token from the shipped services.json; give it a token of its own",
			"service", name, "config", configFile)
	}
	for _, name := range o.SampleUUIDs {
		log.Warn("service's ping_uuid is an example from the documentation; give it its own (checkin-gateway new-uuid prints one)",
			"service", name, "config", configFile)
	}
}
