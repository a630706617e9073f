package config

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/icingaplace"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/schedule"
)

// DefaultGraceFloor is the shortest default grace time of a service with a timeout; the
// default is the larger of this and timeout/9, the older gateway's rule.
const DefaultGraceFloor = 12 * time.Hour

// DefaultScheduledGrace is the default grace time of a scheduled service: a job that runs every
// 10 minutes and misses a run should not wait 12 hours to turn CRITICAL.
const DefaultScheduledGrace = time.Hour

// Service is one configured service.
type Service struct {
	Name string
	// Timeout is how long a report stays valid; 0 means never overdue. With a Schedule it
	// counts from each scheduled time instead: how late a run may report.
	Timeout time.Duration
	// Schedule, when set, says when the service runs, in its zone (services.json: schedule, tz).
	Schedule *schedule.Schedule
	// MaxRuntime is how long a started run may take before the service is overdue; 0 means
	// no limit. It defaults to Timeout.
	MaxRuntime time.Duration
	// Grace is how long an overdue service stays WARNING before it turns CRITICAL.
	Grace time.Duration
	// TolerateFailures keeps a fresh OK report in force over newer WARNING/CRITICAL ones.
	TolerateFailures bool
	// Owner is shown on the status page; it has no effect on state.
	Owner string
	// Icinga places the service in Icinga 2 (icinga-config); nil when services.json sets none.
	Icinga *icingaplace.Settings
	// Ping is how the service may be pinged Healthchecks-style (ping.go).
	Ping Ping
	// Rate limits the check-ins and pings stored (package ratelimit); nil takes the gateway's --rate.
	Rate *ratelimit.Rate
	// HistoryMaxBytes caps the size of the service's history (history_cap.go); 0 is no cap,
	// nil leaves it to --history-max-bytes.
	HistoryMaxBytes *int64

	tokenHash [sha256.Size]byte
	settings  uint64 // settingsHash of the settings as written; 0 when not known
}

// SameSettings reports whether s and o are written alike in services.json (a Service whose
// settings were not hashed is like itself only).
func (s *Service) SameSettings(o *Service) bool {
	return s == o || (s.settings != 0 && s.settings == o.settings)
}

// TokenHashIs reports whether the service's token has the SHA-256 hash h, not in constant
// time: for known, public tokens such as the samples' (package config/oversights).
func (s *Service) TokenHashIs(h [sha256.Size]byte) bool { return s.HasToken() && s.tokenHash == h }

// Authorize reports whether token is this service's token. It compares in constant time and
// never keeps the token itself, so a Service can be logged or printed safely. A ping-only
// service (no token) refuses every token.
func (s *Service) Authorize(token string) bool {
	h := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(h[:], s.tokenHash[:]) == 1 && s.HasToken()
}

// HasToken reports whether the service takes check-ins with a token; a ping-only service (a
// ping_uuid and no token) does not.
func (s *Service) HasToken() bool { return s.tokenHash != [sha256.Size]byte{} }

// WithToken sets the service's token; it is used by tests and by Load.
func (s *Service) WithToken(token string) *Service {
	s.tokenHash = sha256.Sum256([]byte(token))
	return s
}

func (s *Service) setTokenHash(hexHash string) error {
	b, err := hex.DecodeString(hexHash)
	if err != nil || len(b) != sha256.Size {
		return fmt.Errorf("want %d hexadecimal digits", 2*sha256.Size)
	}
	copy(s.tokenHash[:], b)
	return nil
}

// WithPingUUID sets the service's ping_uuid; it is used by tests and by Load.
func (s *Service) WithPingUUID(uuid string) *Service {
	h := hashUUID(uuid)
	s.Ping.uuidHash = &h
	return s
}

// DefaultGrace is the grace time a service with a timeout gets when services.json sets none.
func DefaultGrace(timeout time.Duration) time.Duration {
	return max(DefaultGraceFloor, timeout/9)
}

// defaultGrace is s's grace time when services.json sets none: DefaultScheduledGrace for a
// scheduled service, DefaultGrace of its timeout otherwise.
func defaultGrace(s *Service) time.Duration {
	if s.Schedule != nil {
		return DefaultScheduledGrace
	}
	return DefaultGrace(s.Timeout)
}

// ValidName reports whether name may name a service: 1 to 128 letters, digits, spaces and
// the characters . _ - : @, but not "." or "..", which browsers and curl take as steps in a
// URL's path, so /status/.. would open another page. It checks byte by byte rather than with
// a regular expression: a reload of 100,000 services checks every name.
func ValidName(name string) bool {
	if len(name) < 1 || len(name) > 128 || name == "." || name == ".." {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == ' ', c == '.', c == '_', c == ':', c == '@', c == '-':
		default:
			return false
		}
	}
	return true
}

// NameRule says in words what ValidName accepts, for error messages.
const NameRule = "1 to 128 letters, digits, spaces and . _ - : @, but not . or .. alone"
