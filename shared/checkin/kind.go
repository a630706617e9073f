package checkin

import "fmt"

// Kind says what a stored check-in is: a report that carries a status (the usual case), the
// start signal of a run, or a log entry. Only reports decide a service's state; starts open a
// run, and log entries are kept in the history for people to read.
type Kind uint8

// The kinds of check-in.
const (
	KindReport Kind = iota
	KindStart
	KindLog
)

var kindNames = [...]string{"report", "start", "log"}

// String returns the lower-case name: report, start or log.
func (k Kind) String() string {
	if int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// MarshalText writes the lower-case name, so JSON carries "start" rather than 1.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("invalid kind %d", int(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(text []byte) error {
	for i, name := range kindNames {
		if string(text) == name {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown kind %q: want report, start or log", text)
}

// MaxRunIDLen is the longest run id a client may send.
const MaxRunIDLen = 64

// ValidRunID reports whether id may name a run: 1 to 64 letters, digits and '-'. Healthchecks'
// rid (a UUID) fits.
func ValidRunID(id string) bool {
	if id == "" || len(id) > MaxRunIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
