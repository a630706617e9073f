package config

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/rawservice"
)

// Bounds of services.json. A file of 100,000 services is about 15 MB with long owners; a
// 300 MB owner loaded before these and held 619 MB of memory, and every reload read it again.
const (
	MaxFileBytes   = 16 << 20 // the whole file
	MaxStringBytes = 4 << 10  // each string a service sets (owner, token, schedule, ...)
)

// checkFileSize refuses a services.json of n bytes when n is over MaxFileBytes.
func checkFileSize(n int) error {
	if n > MaxFileBytes {
		return fmt.Errorf("the file is larger than %d MiB; split off what is not services (long notes, tokens as token_sha256 are shorter)", MaxFileBytes>>20)
	}
	return nil
}

// checkStrings refuses a string field longer than MaxStringBytes, naming it.
func checkStrings(r *rawservice.Settings) error {
	for _, f := range []struct {
		name string
		v    *string
	}{
		{"token", r.Token}, {"token_sha256", r.TokenSHA256}, {"owner", r.Owner}, {"schedule", r.Schedule},
		{"tz", r.TZ}, {"ping_uuid", r.PingUUID}, {"ping_methods", r.PingMethods}, {"rate", r.Rate},
	} {
		if f.v != nil && len(*f.v) > MaxStringBytes {
			return fmt.Errorf("field %s: %d bytes long; at most %d (4 KiB) are allowed", f.name, len(*f.v), MaxStringBytes)
		}
	}
	if len(r.Icinga) > 4*MaxStringBytes {
		return fmt.Errorf("field icinga: %d bytes long; at most %d (16 KiB) are allowed", len(r.Icinga), 4*MaxStringBytes)
	}
	return nil
}
