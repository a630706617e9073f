// Package checkin holds the wire types that the gateway and the check_checkin plugin both speak:
// status values, the check-in request, the state answer, history entries and error bodies.
// It depends on the standard library only.
package checkin

import (
	"fmt"
	"strings"
)

// Status is a service state in Icinga's terms. Its value is the plugin exit code.
type Status int

// The four states, numbered as Icinga and Nagios plugins number them.
const (
	OK       Status = 0
	Warning  Status = 1
	Critical Status = 2
	Unknown  Status = 3
)

var statusNames = [...]string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// String returns the upper-case name: OK, WARNING, CRITICAL or UNKNOWN.
func (s Status) String() string {
	if s < OK || s > Unknown {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// ExitCode is the plugin exit code for the state; anything out of range is UNKNOWN (3).
func (s Status) ExitCode() int {
	if s < OK || s > Unknown {
		return int(Unknown)
	}
	return int(s)
}

// Valid reports whether s is one of the four states.
func (s Status) Valid() bool { return s >= OK && s <= Unknown }

// ParseStatus accepts the four state names in any letter case.
func ParseStatus(text string) (Status, error) {
	for i, name := range statusNames {
		if strings.EqualFold(text, name) {
			return Status(i), nil
		}
	}
	return Unknown, fmt.Errorf("unknown status %q: want one of OK, WARNING, CRITICAL, UNKNOWN", text)
}

// MarshalText writes the upper-case name, so JSON carries "OK" rather than 0.
func (s Status) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("invalid status %d", int(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText reads a state name in any letter case.
func (s *Status) UnmarshalText(text []byte) error {
	v, err := ParseStatus(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
