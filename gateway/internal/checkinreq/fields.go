package checkinreq

import (
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// checkinFields are the fields of a check-in as sent, before validation.
type checkinFields struct {
	service, serviceName, token, status, info, runID string
	has                                              fieldSet
}

// the fields a check-in may carry; any other field is ignored.
var checkinKeys = map[string]bool{"service": true, "service_name": true, "token": true, "status": true, "info": true, "run_id": true}

// fieldSet notes which check-in fields a body gave: one bit per field, so that decoding the
// usual body allocates no map.
type fieldSet uint8

// fieldBit is key's bit; 0 for a key that is no check-in field.
func fieldBit(key string) fieldSet {
	switch key {
	case "service":
		return 1
	case "service_name":
		return 2
	case "token":
		return 4
	case "status":
		return 8
	case "info":
		return 16
	case "run_id":
		return 32
	}
	return 0
}

// Has reports whether the body gave field key.
func (s fieldSet) Has(key string) bool { return s&fieldBit(key) != 0 }

// Add notes that the body gave field key.
func (s *fieldSet) Add(key string) { *s |= fieldBit(key) }

// miscased reports whether key is a check-in field written in other letter case ("Status"): it
// would otherwise be ignored like any unknown field, and the check-in silently misread.
func miscased(key string) bool {
	return !checkinKeys[key] && checkinKeys[strings.ToLower(key)]
}

func miscasedError(key string) error {
	return respond.BadRequest("field %q: field names are lower case (%s)", key, strings.ToLower(key))
}

func (f *checkinFields) set(key, value string) {
	f.has.Add(key)
	switch key {
	case "service":
		f.service = value
	case "service_name":
		f.serviceName = value
	case "token":
		f.token = value
	case "status":
		f.status = value
	case "info":
		f.info = value
	case "run_id":
		f.runID = value
	}
}

func (f *checkinFields) validate() (checkin.Request, error) {
	name := f.service
	switch {
	case f.has.Has("service") && f.has.Has("service_name") && f.service != f.serviceName:
		return checkin.Request{}, respond.BadRequest("fields service and service_name disagree; send one of them")
	case !f.has.Has("service"):
		name = f.serviceName
	}
	if name == "" {
		return checkin.Request{}, respond.BadRequest("field service is missing or empty")
	}
	if !config.ValidName(name) {
		return checkin.Request{}, respond.BadRequest("field service is not a valid service name (%s)", config.NameRule)
	}
	if f.token == "" {
		return checkin.Request{}, respond.BadRequest("field token is missing or empty")
	}
	if f.status == "" {
		return checkin.Request{}, respond.BadRequest("field status is missing or empty")
	}
	kind := checkin.KindReport
	status, err := checkin.ParseStatus(f.status)
	if strings.EqualFold(f.status, "START") {
		kind, status, err = checkin.KindStart, checkin.Unknown, nil
	}
	if err != nil {
		return checkin.Request{}, respond.BadRequest("field status must be OK, WARNING, CRITICAL, UNKNOWN or START")
	}
	if f.has.Has("run_id") && !checkin.ValidRunID(f.runID) {
		return checkin.Request{}, respond.BadRequest("field run_id must be 1 to %d letters, digits and -", checkin.MaxRunIDLen)
	}
	if checkin.HasInfoControl(f.info) {
		return checkin.Request{}, respond.BadRequest("field info contains control characters (only tab and line breaks are allowed)")
	}
	return checkin.Request{Service: name, Token: f.token, Status: status, Info: f.info, Kind: kind, RunID: f.runID}, nil
}
