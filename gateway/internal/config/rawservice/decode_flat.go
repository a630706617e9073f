package rawservice

import (
	"encoding/json"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/jsonscan"
)

// DecodeFlat reads a settings object of the usual shape without encoding/json's reflection,
// which at start-up of 100,000 services took most of the time: keys spelled exactly as
// services.json documents them, each once, and values that are strings without escapes,
// whole numbers, true, false or null. ok is false for anything else (an "icinga" object among
// them); the caller then reads the object with encoding/json, which also words errors.
// raw is a whole object, as jsonscan.Split cuts it.
func DecodeFlat(raw []byte) (r Settings, ok bool) {
	i := jsonscan.SkipSpace(raw, 1)
	if i < len(raw) && raw[i] == '}' {
		return r, i+1 == len(raw)
	}
	var seen uint32
	for {
		key, end, ok := jsonscan.PlainString(raw, i)
		if !ok {
			return r, false
		}
		i = jsonscan.SkipSpace(raw, end)
		if i == len(raw) || raw[i] != ':' {
			return r, false
		}
		start := jsonscan.SkipSpace(raw, i+1)
		end, ok = jsonscan.ValueEnd(raw, start)
		if !ok {
			return r, false
		}
		field := flatField(key)
		if field < 0 || seen&(1<<field) != 0 {
			return r, false
		}
		seen |= 1 << field
		if !r.set(field, raw[start:end]) {
			return r, false
		}
		i = jsonscan.SkipSpace(raw, end)
		if i == len(raw) {
			return r, false
		}
		switch raw[i] {
		case ',':
			i = jsonscan.SkipSpace(raw, i+1)
		case '}':
			return r, i+1 == len(raw)
		default:
			return r, false
		}
	}
}

// flatFields are Settings' keys.
var flatFields = []string{"token", "token_sha256", "owner", "schedule", "tz", "ping_uuid", "ping_methods",
	"tolerate_failures", "ping", "timeout", "grace", "max_runtime", "icinga", "rate", "history_max_bytes"}

func flatField(key []byte) int {
	for i, f := range flatFields {
		if f == string(key) {
			return i
		}
	}
	return -1
}

// set stores value (a string, number or literal as valueEnd found it) in field, as
// encoding/json would; false when encoding/json would refuse the type.
func (r *Settings) set(field int, value []byte) bool {
	null := string(value) == "null"
	if p := r.stringField(field); p != nil {
		if null {
			return true
		}
		if value[0] != '"' {
			return false
		}
		s := string(value[1 : len(value)-1])
		*p = &s
		return true
	}
	if p := r.boolField(field); p != nil {
		if null {
			return true
		}
		if string(value) != "true" && string(value) != "false" {
			return false
		}
		b := value[0] == 't'
		*p = &b
		return true
	}
	if p := r.rawField(field); p != nil {
		*p = json.RawMessage(value) // durations, read later
		return true
	}
	r.Icinga = json.RawMessage(value)
	return null // an icinga object is left to encoding/json
}

func (r *Settings) stringField(field int) **string {
	switch flatFields[field] {
	case "token":
		return &r.Token
	case "token_sha256":
		return &r.TokenSHA256
	case "owner":
		return &r.Owner
	case "schedule":
		return &r.Schedule
	case "tz":
		return &r.TZ
	case "ping_uuid":
		return &r.PingUUID
	case "ping_methods":
		return &r.PingMethods
	case "rate":
		return &r.Rate
	}
	return nil
}

func (r *Settings) boolField(field int) **bool {
	switch flatFields[field] {
	case "tolerate_failures":
		return &r.TolerateFailures
	case "ping":
		return &r.Ping
	}
	return nil
}

func (r *Settings) rawField(field int) *json.RawMessage {
	switch flatFields[field] {
	case "timeout":
		return &r.Timeout
	case "grace":
		return &r.Grace
	case "max_runtime":
		return &r.MaxRuntime
	case "history_max_bytes":
		return &r.HistoryMaxBytes
	}
	return nil
}
