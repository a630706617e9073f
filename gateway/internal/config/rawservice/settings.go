// Package rawservice is one service's entry of services.json as written (Settings), and a
// reader of its usual flat shape without encoding/json's reflection (DecodeFlat).
package rawservice

import "encoding/json"

// Settings is one entry of services.json as written: the fields encoding/json fills, each
// nil when the entry does not set it.
type Settings struct {
	Token            *string         `json:"token"`
	TokenSHA256      *string         `json:"token_sha256"`
	Timeout          json.RawMessage `json:"timeout"`
	Grace            json.RawMessage `json:"grace"`
	TolerateFailures *bool           `json:"tolerate_failures"`
	Owner            *string         `json:"owner"`
	Icinga           json.RawMessage `json:"icinga"`
	Schedule         *string         `json:"schedule"`
	TZ               *string         `json:"tz"`
	MaxRuntime       json.RawMessage `json:"max_runtime"`
	PingUUID         *string         `json:"ping_uuid"`         // config/ping.go
	Ping             *bool           `json:"ping"`              // config/ping.go
	PingMethods      *string         `json:"ping_methods"`      // config/ping.go
	Rate             *string         `json:"rate"`              // package ratelimit
	HistoryMaxBytes  json.RawMessage `json:"history_max_bytes"` // config/history_cap.go
}
