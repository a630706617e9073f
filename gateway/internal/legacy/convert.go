package legacy

import (
	"errors"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/servicefile"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Entry is one service as this gateway's services.json holds it.
type Entry struct {
	Name    string
	Token   string
	Timeout time.Duration
	Owner   string
}

// Conversion is what becomes of the older gateway's services.
type Conversion struct {
	Entries []Entry
	// Refused services cannot be carried over until someone fixes them (name, token, timeout).
	Refused []Listed
	// Unsupported services are of a kind this gateway does not have (SMART, HTTP checks).
	Unsupported []Listed
	// Dropped are settings of converted services that have no counterpart here.
	Dropped []Listed
}

// Convert turns the older gateway's services into services.json entries, listing every one it
// cannot carry over.
func Convert(services []Service) Conversion {
	var c Conversion
	for _, s := range services {
		if s.SpecialType != "" {
			c.Unsupported = append(c.Unsupported, Listed{Service: s.Name, Value: s.SpecialType, Reason: unsupportedReason(s.SpecialType)})
			continue
		}
		if !config.ValidName(s.Name) {
			c.Refused = append(c.Refused, Listed{Service: s.Name, Reason: "name not allowed here (" + config.NameRule + "); rename the service and its clients"})
			continue
		}
		if s.Token == "" {
			c.Refused = append(c.Refused, Listed{Service: s.Name, Reason: "no token"})
			continue
		}
		timeout, err := timeoutOf(s.Timeout)
		if err != nil {
			c.Refused = append(c.Refused, Listed{Service: s.Name, Value: show(s.Timeout), Reason: "timeout: " + err.Error()})
			continue
		}
		c.Entries = append(c.Entries, Entry{Name: s.Name, Token: s.Token, Timeout: timeout, Owner: s.Owner})
	}
	return c
}

// timeoutOf reads a timeout as the table (INTEGER or REAL seconds) or an older services.json
// (a number, or any pytimeparse form) holds it.
func timeoutOf(v any) (time.Duration, error) {
	switch v := v.(type) {
	case nil:
		return 0, errors.New("missing")
	case int64:
		return checkin.Seconds(v)
	case float64:
		return servicefile.SecondsValue(v)
	}
	text, _ := textOf(v)
	return servicefile.ParseDuration(text)
}

// unsupportedReason explains in one line why a special service is not carried over.
func unsupportedReason(special string) string {
	switch t := strings.ToLower(special); {
	case strings.Contains(t, "smart"):
		return "SMART disk reports are not supported: this gateway takes check-ins only; watch the disks with Icinga's own SMART check"
	case strings.Contains(t, "http"):
		return "HTTP checks are not supported: this gateway does not poll URLs; use Icinga's check_http on the URL instead"
	default:
		return "special type " + special + " is not supported: this gateway takes check-ins only"
	}
}
