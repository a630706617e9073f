package config

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/bytesize"
)

// historyMaxBytes reads history_max_bytes: bytes as a JSON number, or a string bytesize.Parse
// takes. nil when services.json does not set it (--history-max-bytes applies).
func historyMaxBytes(raw json.RawMessage) (*int64, error) {
	if raw == nil || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if bytes.HasPrefix(raw, []byte(`"`)) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("field history_max_bytes: %w", err)
		}
	} else {
		s = string(raw)
	}
	n, err := bytesize.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("field history_max_bytes: %w", err)
	}
	return &n, nil
}
